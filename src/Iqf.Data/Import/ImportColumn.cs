using System.Globalization;
using Iqf.Domain;

namespace Iqf.Data.Import;

/// <summary>
/// A column of an import format and how one of its cells is read. Cells are checked one by one
/// as the file streams past (syntax: dates, numbers, choices, references), and arrive in staging
/// already in their stored spelling, so the set-based SQL that follows only deals with meaning
/// (does this organisation exist? is this reference twice in the file?).
/// </summary>
public sealed class ImportColumn
{
    public string Name { get; }
    public bool Required { get; init; }
    private readonly Func<string, (string? Value, string? Error)> _read;

    private ImportColumn(string name, Func<string, (string?, string?)> read) { Name = name; _read = read; }

    /// <summary>The stored form of a non-empty cell, or the reason it cannot be read.</summary>
    public (string? Value, string? Error) Read(string cell) => _read(cell);

    public static ImportColumn Text(string name, int maxLength = 4000) => new(name, c =>
        c.Length > maxLength ? (null, $"is {c.Length:N0} characters long; at most {maxLength:N0} are allowed") : (c, null));

    public static ImportColumn Date(string name) => new(name, c =>
        DateOnly.TryParseExact(c, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? (d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null)
            : (null, $"'{Clip(c)}' is not a date in the form YYYY-MM-DD"));

    public static ImportColumn WholeNumber(string name, int max = int.MaxValue) => new(name, c =>
        int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max
            ? (n.ToString(CultureInfo.InvariantCulture), null)
            : (null, $"'{Clip(c)}' is not a whole number from 0 to {max:N0}"));

    public static ImportColumn Boolean(string name) => new(name, c => c.ToLowerInvariant() switch
    {
        "true" => ("true", null),
        "false" => ("false", null),
        _ => (null, $"'{Clip(c)}' is not true or false"),
    });

    /// <summary>One of a fixed list of values, matched case-insensitively and stored as listed.</summary>
    public static ImportColumn Choice(string name, IReadOnlyList<string> values) => new(name, c =>
        values.FirstOrDefault(v => string.Equals(v, c, StringComparison.OrdinalIgnoreCase)) is { } v
            ? (v, null)
            : (null, $"'{Clip(c)}' is not one of {string.Join(", ", values)}"));

    /// <summary>A qualification reference in any accepted spelling, stored as normalised.</summary>
    public static ImportColumn Reference(string name) => new(name, c =>
        QualificationReference.Normalise(c) is { } r
            ? (r, null)
            : (null, $"'{Clip(c)}' is not a qualification reference (an Ofqual number such as 601/1234/5 or 60112345, or a local code of 3 to 32 capitals, digits and hyphens)"));

    /// <summary>An absolute http or https address.</summary>
    public static ImportColumn Url(string name) => new(name, c =>
        Uri.TryCreate(c, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && c.Length <= 2000
            ? (c, null)
            : (null, $"'{Clip(c)}' is not an http or https address"));

    /// <summary>A `;`-separated list: items trimmed, empty items dropped, stored joined by ';'.</summary>
    public static ImportColumn List(string name, int maxItemLength = 400) => new(name, c =>
    {
        var items = c.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var tooLong = items.FirstOrDefault(i => i.Length > maxItemLength);
        return tooLong is not null ? (null, $"the item '{Clip(tooLong)}' is longer than {maxItemLength} characters") : (string.Join(';', items), null);
    });

    /// <summary>A level in a common spelling ("Level 3", "L3", "3", "Entry 3", "1/2"), stored as its codes joined by '/'.</summary>
    public static ImportColumn Level(string name) => new(name, c =>
        LevelSpelling.Parse(c) is { Count: > 0 } codes
            ? (string.Join('/', codes), null)
            : (null, $"'{Clip(c)}' is not a level (for example 3, Level 3, L3, Entry 3 or 1/2)"));

    /// <summary>Text matching a pattern (after upper-casing when <paramref name="upper"/>), e.g. a recognition number.</summary>
    public static ImportColumn Pattern(string name, string pattern, string description, bool upper = false) => new(name, c =>
    {
        var v = upper ? c.ToUpperInvariant() : c;
        return System.Text.RegularExpressions.Regex.IsMatch(v, pattern) ? (v, null) : (null, $"'{Clip(c)}' is not {description}");
    });

    /// <summary>
    /// A cell read by the format's own rule (e.g. "Sep-14" or "18/02/2025" in a file published by
    /// someone else): the stored form, null for "no value", or the reason it cannot be read.
    /// </summary>
    public static ImportColumn Custom(string name, Func<string, (string? Value, string? Error)> read) => new(name, read);

    public ImportColumn AsRequired() => new(Name, _read) { Required = true };

    internal static string Clip(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
