using Iqf.Data.Database;
using Iqf.Data.Import;
using Iqf.Data.Interchange;
using Npgsql;

namespace Iqf.Admin.Cli;

/// <summary>`iqf import KIND FILE [...]` and `iqf export KIND [--out FILE]`.</summary>
public static class InterchangeCommand
{
    public static async Task<int> ImportAsync(string[] rest, TextWriter output, TextWriter error)
    {
        if (rest.Length < 2) throw new UsageException($"'import' needs a kind and a file: iqf import KIND FILE [--dry-run] [--create-organisations] [--allow-similar] (kinds: {string.Join(", ", ImportKinds.Names)})");
        var kind = ImportKinds.Find(rest[0])
                   ?? throw new UsageException($"there is no import kind '{rest[0]}' (kinds: {string.Join(", ", ImportKinds.Names)})");
        var path = rest[1];
        bool dryRun = false, createOrganisations = false, allowSimilar = false;
        foreach (var a in rest[2..])
        {
            switch (a)
            {
                case "--dry-run": dryRun = true; break;
                case "--create-organisations": createOrganisations = true; break;
                case "--allow-similar": allowSimilar = true; break;
                default: throw new UsageException($"'import' has no option '{a}'");
            }
        }
        if (!File.Exists(path)) throw new UsageException($"there is no file '{path}'");

        var cs = await DatabaseSettings.FromEnvironment().ConnectAsync(output);
        await using var file = File.OpenRead(path);
        var name = Path.GetFileName(path);
        var report = await Importer.RunAsync(cs, kind, file, name,
            new ImportOptions(Actor.Cli(), dryRun, createOrganisations, allowSimilar));

        if (!report.Valid)
        {
            foreach (var e in report.Errors) error.WriteLine(e.Format(name));
            if (report.MoreErrors > 0) error.WriteLine($"{name}: ... and {report.MoreErrors:N0} more errors");
            error.WriteLine($"iqf: {name} has {report.Errors.Count + report.MoreErrors:N0} error(s); nothing was written");
            return IqfCommand.InvalidInput;
        }
        output.WriteLine($"{name}: {report.Rows:N0} rows; {kind.Name}: {report.New:N0} new, {report.Updated:N0} updated, {report.Unchanged:N0} unchanged"
                         + (dryRun ? " (dry run: nothing written)" : ""));
        foreach (var note in report.Notes) output.WriteLine($"  note: {note}");
        if (dryRun) WriteChanges(report, output);
        return IqfCommand.Ok;
    }

    /// <summary>Each record the import would add or change, field by field.</summary>
    public static void WriteChanges(ImportReport report, TextWriter output)
    {
        foreach (var c in report.Changes)
        {
            output.WriteLine($"  line {c.Line}: {c.Action} {c.Key}");
            if (c.Action == "updated")
                foreach (var f in c.Fields) output.WriteLine($"      {f.Field}: {Show(f.Before)} -> {Show(f.After)}");
        }
        var listed = report.Changes.Count;
        if (report.New + report.Updated > listed) output.WriteLine($"  ... and {report.New + report.Updated - listed:N0} more");
    }

    private static string Show(string? v) => v is null ? "(empty)" : "\"" + v + "\"";

    public static async Task<int> ExportAsync(string[] rest, TextWriter output)
    {
        if (rest.Length < 1) throw new UsageException($"'export' needs a kind: iqf export KIND [--out FILE] (kinds: {string.Join(", ", InterchangeExports.Names)})");
        var writer = InterchangeExports.Find(rest[0])
                     ?? throw new UsageException($"there is no export kind '{rest[0]}' (kinds: {string.Join(", ", InterchangeExports.Names)})");
        string? outPath = null;
        for (var i = 1; i < rest.Length; i++)
        {
            if (rest[i] == "--out" && i + 1 < rest.Length) outPath = rest[++i];
            else throw new UsageException(rest[i] == "--out" ? "'--out' needs a file name" : $"'export' has no option '{rest[i]}'");
        }
        var cs = await DatabaseSettings.FromEnvironment().ConnectAsync(outPath is null ? TextWriter.Null : output);
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        if (outPath is null)
        {
            await writer(conn, null, output, CancellationToken.None);
            return IqfCommand.Ok;
        }
        // Written beside the target and moved into place, so a failed export never leaves half a file.
        var temp = outPath + ".partial";
        await using (var file = new StreamWriter(temp, false, new System.Text.UTF8Encoding(false)))
            await writer(conn, null, file, CancellationToken.None);
        File.Move(temp, outPath, overwrite: true);
        output.WriteLine($"Wrote {outPath}");
        return IqfCommand.Ok;
    }
}
