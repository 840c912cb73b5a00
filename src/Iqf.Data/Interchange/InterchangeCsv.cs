using System.Globalization;
using CsvHelper;

namespace Iqf.Data.Interchange;

/// <summary>
/// Writes rows (as Dapper returns them) in the interchange CSV rules of
/// ../shared/docs/interchange.md: a header row, exactly the given columns in order, ISO dates,
/// true/false, empty for no value, invariant number formats.
/// </summary>
public static class InterchangeCsv
{
    public static async Task WriteAsync(IEnumerable<object> rows, IReadOnlyList<string> columns, TextWriter output)
    {
        await using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var c in columns) csv.WriteField(c);
        await csv.NextRecordAsync();
        foreach (IDictionary<string, object?> row in rows)
        {
            foreach (var c in columns) csv.WriteField(Format(row[c]));
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }

    public static string Format(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
