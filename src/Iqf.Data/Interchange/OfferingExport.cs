using Dapper;
using Npgsql;

namespace Iqf.Data.Interchange;

/// <summary>
/// Writes provider offerings as CSV. There is no interchange format for offerings
/// (../shared/docs/interchange.md has none), so the columns are named after the fields and other
/// records are named by their keys as people use them: the qualification by reference, the
/// provider by name, never by database id.
/// </summary>
public static class OfferingExport
{
    public static readonly string[] Columns = ["qualification", "provider", "region", "mode", "cost", "url"];

    /// <summary>Writes the offerings with the given ids (all when null), by qualification, provider, region and mode.</summary>
    public static async Task WriteAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select q.reference as qualification, pr.name::text as provider, po.region, po.mode, po.cost, po.url
            from provider_offering po
            join qualification q on q.id = po.qualification_id
            join organisation pr on pr.id = po.provider_id
            where (@all or po.id = any (@ids))
            order by q.reference, pr.name, po.region, po.mode
            """, new { all = ids is null, ids = ids?.ToArray() ?? [] }, cancellationToken: ct));

        await InterchangeCsv.WriteAsync(rows, Columns, output);
    }
}
