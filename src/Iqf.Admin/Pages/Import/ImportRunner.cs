using System.Text.Json;
using Dapper;
using Iqf.Data.Import;
using Npgsql;

namespace Iqf.Admin.Pages.Import;

/// <summary>
/// Runs uploaded files through the importer in the background, so a large file never holds a
/// request open: the upload's row in import_upload carries the state, the rows read so far (the
/// page's progress indicator) and the report. The file itself stays in that row between the dry
/// run and the confirmation, so any node can show it or carry on.
/// </summary>
public sealed class ImportRunner(NpgsqlDataSource db, IHostApplicationLifetime lifetime, ILogger<ImportRunner> log)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Checks (dry run) or imports the upload; returns at once.</summary>
    public void Start(Guid id, bool dryRun, string actor) =>
        _ = Task.Run(() => RunAsync(id, dryRun, actor, lifetime.ApplicationStopping));

    private async Task RunAsync(Guid id, bool dryRun, string actor, CancellationToken ct)
    {
        try
        {
            byte[] content;
            string kindName, fileName;
            bool createOrganisations, allowSimilar;
            await using (var conn = await db.OpenConnectionAsync(ct))
            {
                var u = await conn.QuerySingleAsync<(byte[] Content, string Kind, string FileName, bool CreateOrganisations, bool AllowSimilar)>(
                    "select content, kind, file_name, create_organisations, allow_similar from import_upload where id = @id", new { id });
                (content, kindName, fileName, createOrganisations, allowSimilar) = u;
            }
            var kind = ImportKinds.Find(kindName) ?? throw new InvalidOperationException($"unknown import kind {kindName}");
            var lastReport = DateTime.UtcNow;
            // The data source's own connection string has had its password removed, so the import
            // runs on a connection the data source opens.
            await using var importConnection = await db.OpenConnectionAsync(ct);
            var report = await Importer.RunAsync(importConnection, kind, new MemoryStream(content), fileName,
                new ImportOptions(actor, dryRun, createOrganisations, allowSimilar), ct,
                rows =>
                {
                    // At most a few progress writes a second, whatever the file's size.
                    if ((DateTime.UtcNow - lastReport).TotalMilliseconds < 500) return;
                    lastReport = DateTime.UtcNow;
                    using var conn = db.OpenConnection();
                    conn.Execute("update import_upload set rows_read = @rows, updated_at = now() where id = @id", new { rows, id });
                });
            var state = report.Written ? "imported" : "checked";
            await using (var conn = await db.OpenConnectionAsync(ct))
                await conn.ExecuteAsync("""
                    update import_upload set state = @state, rows_read = @rows, report = @report::jsonb, updated_at = now(),
                           content = case when @state = 'imported' then ''::bytea else content end
                    where id = @id
                    """, new { state, rows = report.Rows, report = JsonSerializer.Serialize(report, Json), id });
        }
        catch (Exception e)
        {
            log.LogError(e, "Import {Id} failed", id);
            await using var conn = await db.OpenConnectionAsync(CancellationToken.None);
            await conn.ExecuteAsync("update import_upload set state = 'failed', problem = @problem, updated_at = now() where id = @id",
                new { problem = e is OperationCanceledException ? "The server stopped while the file was being processed; nothing was written. Upload it again." : "Something went wrong while processing the file; nothing was written. " + e.Message, id });
        }
    }
}
