using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Npgsql;
using NpgsqlTypes;

namespace Iqf.Data.Import;

/// <summary>
/// Streams a CSV file into the temporary table `stage` with binary COPY, never holding the file
/// in memory: one text column per column of the format (absent columns stay NULL) plus `line`,
/// the file line where the row starts. Each cell is read by its <see cref="ImportColumn"/> on
/// the way; unreadable cells become errors naming line and column, and the row is still staged
/// (with that cell empty) so the set-based checks can report everything else in one pass.
/// </summary>
public static class ImportStaging
{
    /// <summary>Cells longer than this stop the file: no column needs anything near it.</summary>
    public const int MaxCellCharacters = 1_000_000;

    public static async Task<IReadOnlySet<string>?> LoadAsync(
        NpgsqlConnection conn, IReadOnlyList<ImportColumn> columns, Stream file, ImportReport report, int maxErrors, Action<long>? progress, CancellationToken ct)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            BadDataFound = null,
            TrimOptions = TrimOptions.None,
            MaxFieldSize = MaxCellCharacters,
        };
        using var reader = new StreamReader(new Utf8CheckingStream(file), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvParser(reader, config);
        long line = 1;
        try
        {
            if (!await parser.ReadAsync()) { report.Errors.Add(new(1, null, "the file is empty: it needs a header row naming its columns")); return null; }
            var header = parser.Record!.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
            var byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i].Length == 0) report.Errors.Add(new(1, null, $"column {i + 1} has no name in the header row"));
                else if (!byName.ContainsKey(header[i]))
                    report.Errors.Add(new(1, header[i], $"unknown column (the columns are: {string.Join(", ", columns.Select(c => c.Name))})"));
            }
            foreach (var g in header.Where(h => h.Length > 0).GroupBy(h => h).Where(g => g.Count() > 1))
                report.Errors.Add(new(1, g.Key, "this column appears twice in the header row"));
            foreach (var c in columns.Where(c => c.Required && !header.Contains(c.Name)))
                report.Errors.Add(new(1, c.Name, "this required column is missing from the header row"));
            if (report.Errors.Count > 0) return null;

            await using (var cmd = new NpgsqlCommand(
                $"create temp table stage (line bigint not null, {string.Join(", ", columns.Select(c => Quote(c.Name) + " text"))}) on commit drop", conn))
                await cmd.ExecuteNonQueryAsync(ct);

            var positions = columns.Select(c => Array.IndexOf(header, c.Name)).ToArray();
            await using var copy = await conn.BeginBinaryImportAsync(
                $"copy stage (line, {string.Join(", ", columns.Select(c => Quote(c.Name)))}) from stdin (format binary)", ct);
            long nextLine = 2;
            while (await parser.ReadAsync())
            {
                line = nextLine;
                // RawRow is the physical line the parser has reached: a row with quoted line breaks spans several.
                nextLine = parser.RawRow + 1;
                var record = parser.Record!;
                if (record.Length == 1 && record[0].Length == 0) continue; // a blank line
                report.Rows++;
                if (progress is not null && report.Rows % 1000 == 0) progress(report.Rows);
                if (record.Length != header.Length)
                {
                    AddError(report, maxErrors, new(line, null, $"this row has {record.Length} cells where the header has {header.Length}"));
                    continue;
                }
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(line, NpgsqlDbType.Bigint, ct);
                for (var i = 0; i < columns.Count; i++)
                {
                    var pos = positions[i];
                    var cell = pos < 0 ? "" : record[pos].Trim();
                    string? value = null;
                    if (cell.Length == 0)
                    {
                        if (columns[i].Required) AddError(report, maxErrors, new(line, columns[i].Name, "is required but empty"));
                    }
                    else
                    {
                        var (v, error) = columns[i].Read(cell);
                        if (error is not null) AddError(report, maxErrors, new(line, columns[i].Name, error));
                        value = v;
                    }
                    if (value is null) await copy.WriteNullAsync(ct);
                    else await copy.WriteAsync(value, NpgsqlDbType.Text, ct);
                }
            }
            await copy.CompleteAsync(ct);
            if (report.Rows == 0) report.Errors.Add(new(1, null, "the file has a header row but no data rows"));
            return header.ToHashSet();
        }
        catch (InvalidUtf8Exception e)
        {
            report.Errors.Add(new(e.Line, null, $"character {e.Column}: the file is not valid UTF-8 here (save it as UTF-8 and try again)"));
            return null;
        }
        catch (MaxFieldSizeException)
        {
            report.Errors.Add(new(parser.RawRow, null, $"a cell is longer than {MaxCellCharacters:N0} characters; no column takes anything that long"));
            return null;
        }
        catch (CsvHelperException e) when (e is not MaxFieldSizeException)
        {
            report.Errors.Add(new(parser.RawRow, null, "the CSV cannot be read here: " + e.Message.Split('\n')[0]));
            return null;
        }
    }

    public static void AddError(ImportReport report, int maxErrors, ImportError error)
    {
        if (report.Errors.Count < maxErrors) report.Errors.Add(error);
        else report.MoreErrors++;
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
