using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Npgsql;
using NpgsqlTypes;

namespace Iqf.Data.Csv;

/// <summary>
/// Streams a CSV file into a temporary table with binary COPY: one text column per header
/// column plus `line` (the file's line number, for error messages). Empty cells arrive as NULL.
/// Validation and merging then happen in set-based SQL against the staged rows.
/// </summary>
public static class CsvStaging
{
    public static async Task<IReadOnlyList<string>> LoadAsync(
        NpgsqlConnection conn, string table, TextReader csv, string fileName,
        IReadOnlyCollection<string> allowedColumns, IReadOnlyCollection<string> requiredColumns, CancellationToken ct)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            BadDataFound = null,
            TrimOptions = TrimOptions.None,
        };
        using var parser = new CsvParser(csv, config);
        if (!await parser.ReadAsync()) throw new CsvFileException(fileName, 1, null, "the file is empty (a header row is required)");
        var header = parser.Record!.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();

        var unknown = header.FirstOrDefault(h => !allowedColumns.Contains(h));
        if (unknown is not null)
            throw new CsvFileException(fileName, 1, Array.IndexOf(header, unknown) + 1, $"unknown column '{unknown}'");
        var repeated = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new CsvFileException(fileName, 1, null, $"column '{repeated.Key}' appears twice");
        var missing = requiredColumns.FirstOrDefault(r => !header.Contains(r));
        if (missing is not null) throw new CsvFileException(fileName, 1, null, $"required column '{missing}' is missing");

        // Every allowed column exists in the staging table, so merge SQL can name optional ones.
        var columns = allowedColumns.ToList();
        var create = $"create temp table {table} (line integer not null, {string.Join(", ", columns.Select(c => Quote(c) + " text"))}) on commit drop";
        await using (var cmd = new NpgsqlCommand(create, conn)) await cmd.ExecuteNonQueryAsync(ct);

        var positions = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        await using var writer = await conn.BeginBinaryImportAsync(
            $"copy {table} (line, {string.Join(", ", columns.Select(Quote))}) from stdin (format binary)", ct);
        while (await parser.ReadAsync())
        {
            var record = parser.Record!;
            if (record.Length == 1 && record[0].Length == 0) continue; // a blank line
            var line = parser.RawRow;
            if (record.Length != header.Length)
                throw new CsvFileException(fileName, line, null, $"has {record.Length} cells where the header has {header.Length}");
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(line, NpgsqlDbType.Integer, ct);
            foreach (var pos in positions)
            {
                var cell = pos < 0 ? null : record[pos].Trim();
                if (string.IsNullOrEmpty(cell)) await writer.WriteNullAsync(ct);
                else await writer.WriteAsync(cell, NpgsqlDbType.Text, ct);
            }
        }
        await writer.CompleteAsync(ct);
        return header;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}

public sealed class CsvFileException(string file, long line, int? column, string problem)
    : Exception($"{file}:{line}{(column is null ? "" : ":" + column)}: {problem}")
{
    public string File { get; } = file;
    public long Line { get; } = line;
    public int? Column { get; } = column;
    public string Problem { get; } = problem;
}
