using System.Text;
using Iqf.Data.Import;
using Iqf.Data.Interchange;
using Iqf.Tests.Support;
using Npgsql;

namespace Iqf.Tests.Import;

/// <summary>What the import kinds' tests share: running an import on text, exporting, counting, the sample files.</summary>
public static class ImportTestKit
{
    public static Task<ImportReport> Import(string cs, ImportKind kind, string csv, ImportOptions? options = null) =>
        Importer.RunAsync(cs, kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), kind.Name + ".csv", options ?? new ImportOptions("test:importer"));

    public static async Task<string> Export(string cs, InterchangeExports.Writer writer)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        var text = new StringWriter();
        await writer(conn, null, text, default);
        return text.ToString();
    }

    public static Task<long> Count(string cs, string sql) => TestPostgres.ScalarAsync<long>(cs, sql);

    public static Task<string> Text(string cs, string sql) => TestPostgres.ScalarAsync<string>(cs, sql);

    /// <summary>A file of the sample set (seed/sample/NAME), as the seeder reads it.</summary>
    public static string SampleFile(string name)
    {
        using var stream = typeof(Iqf.Data.Seeding.Seeder).Assembly.GetManifestResourceStream("seed/sample/" + name)
                           ?? throw new InvalidOperationException($"seed/sample/{name} is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Rows of the given tables plus history rows, to show that a refused import wrote nothing.</summary>
    public static async Task<string> Footprint(string cs, params string[] tables) =>
        string.Join(", ", await Task.WhenAll(tables.Append("history").Select(async t => $"{t} {await Count(cs, $"select count(*) from {t}")}")));

    /// <summary>
    /// A new database with the reference data (and with the sample set when <paramref name="sample"/>),
    /// reached without connection pooling: these tests make many small databases, and idle pooled
    /// connections to each would soon use up the server's connection slots.
    /// </summary>
    public static async Task<string> NewDatabaseAsync(bool sample = false)
    {
        var cs = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync(seeded: true)) { Pooling = false }.ConnectionString;
        if (sample) await new Iqf.Data.Seeding.Seeder(cs, "test").RunAsync(sample: true);
        return cs;
    }

    /// <summary>A database with the reference data and the sample qualifications, imported from seed/sample/qualifications.csv (no modules or mappings).</summary>
    public static async Task<string> WithSampleQualificationsAsync()
    {
        var cs = await NewDatabaseAsync();
        var report = await Import(cs, new Iqf.Data.Import.Kinds.QualificationImport(), SampleFile("qualifications.csv"), new ImportOptions("test:setup", AllowSimilar: true));
        report.Errors.ShouldBeEmpty();
        return cs;
    }
}
