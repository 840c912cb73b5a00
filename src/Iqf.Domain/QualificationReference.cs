using System.Text.RegularExpressions;

namespace Iqf.Domain;

/// <summary>
/// Qualification references in their one stored spelling. Ofqual numbers are accepted with or
/// without obliques (and with stray spaces) and stored as NNN/NNNN/C; local references are
/// 3 to 32 capitals, digits and hyphens starting with a letter. The database function
/// normalise_reference does the same, so both paths agree on what "the same reference" is.
/// </summary>
public static partial class QualificationReference
{
    [GeneratedRegex(@"^[0-9]{7}[0-9X]$")]
    private static partial Regex OfqualDigits();

    [GeneratedRegex(@"^[A-Z][A-Z0-9-]{2,31}$")]
    private static partial Regex LocalCode();

    /// <summary>The stored spelling, or null when the text is not a valid reference.</summary>
    public static string? Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var upper = text.Trim().ToUpperInvariant();
        var digits = new string(upper.Where(c => c != '/' && !char.IsWhiteSpace(c)).ToArray());
        if (OfqualDigits().IsMatch(digits))
            return $"{digits[..3]}/{digits[3..7]}/{digits[7]}";
        return LocalCode().IsMatch(upper) ? upper : null;
    }

    public static bool IsOfqualNumber(string normalised) => normalised.Length == 10 && normalised[3] == '/';
}
