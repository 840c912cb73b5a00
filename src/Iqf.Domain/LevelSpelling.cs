using System.Text.RegularExpressions;

namespace Iqf.Domain;

/// <summary>
/// Reads the common spellings of a level ("Level 3", "L3", "3", "Entry Level", "Entry 3",
/// "E3", "Level 1/2") into level codes as stored ("3", "Entry", "Entry 3"; a span gives two).
/// </summary>
public static partial class LevelSpelling
{
    [GeneratedRegex(@"^(?:level\s*|l\s*)?([0-9])$", RegexOptions.IgnoreCase)]
    private static partial Regex Numbered();

    [GeneratedRegex(@"^(?:entry(?:\s*level)?|e)\s*([1-3])?$|^entry\s+level\s+([1-3])$", RegexOptions.IgnoreCase)]
    private static partial Regex Entry();

    /// <summary>The stored codes for the text, or null when it is not a level.</summary>
    public static IReadOnlyList<string>? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var t = Regex.Replace(text.Trim(), @"\s+", " ");
        var slash = t.IndexOf('/');
        if (slash > 0)
        {
            var left = One(t[..slash].Trim());
            var rightText = t[(slash + 1)..].Trim();
            // "Level 1/2": the right side inherits the left side's word.
            var right = One(rightText) ?? One("Level " + rightText);
            if (left is null || right is null || left == right) return null;
            return [left, right];
        }
        var single = One(t);
        return single is null ? null : [single];
    }

    private static string? One(string t)
    {
        var n = Numbered().Match(t);
        if (n.Success) return n.Groups[1].Value;
        var e = Entry().Match(t);
        if (!e.Success) return null;
        var sub = e.Groups[1].Success ? e.Groups[1].Value : e.Groups[2].Success ? e.Groups[2].Value : null;
        return sub is null ? "Entry" : "Entry " + sub;
    }
}
