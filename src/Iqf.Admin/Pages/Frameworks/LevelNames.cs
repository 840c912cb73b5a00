namespace Iqf.Admin.Pages.Frameworks;

/// <summary>How a level is named on these pages: its framework's code, its code and, when it says more, its name.</summary>
public static class LevelNames
{
    /// <summary>"RQF 3 (Level 3)" reads oddly, so a name that only repeats the code is left out: "RQF 3", "NHS-CF 5 Practitioners".</summary>
    public static string Describe(string frameworkCode, string levelCode, string name) =>
        NameAddsNothing(levelCode, name) ? $"{frameworkCode} {levelCode}" : $"{frameworkCode} {levelCode} {name}";

    /// <summary>Whether the name only repeats the code ("Level 3" for 3, "Entry level" for Entry).</summary>
    public static bool NameAddsNothing(string code, string name) =>
        string.Equals(name, code, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, "Level " + code, StringComparison.OrdinalIgnoreCase)
        || (code == "Entry" && string.Equals(name, "Entry level", StringComparison.OrdinalIgnoreCase));

    /// <summary>The level code a person typed, in its stored spelling ("level 3" is 3, "entry 2" is Entry 2); null when it is not a level.</summary>
    public static string? Code(string? text) => Iqf.Domain.LevelSpelling.Parse(text) is { Count: 1 } codes ? codes[0] : null;

    /// <summary>Where a code sits on a ladder when nobody says otherwise: Entry 1..3 = -3..-1, Entry = 0, level n = n.</summary>
    public static short NaturalOrdinal(string code) => code switch
    {
        "Entry" => 0,
        _ when code.StartsWith("Entry ") => (short)(code[^1] - '0' - 4),
        _ => short.Parse(code),
    };
}
