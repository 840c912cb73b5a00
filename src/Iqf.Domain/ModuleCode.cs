namespace Iqf.Domain;

/// <summary>
/// What a module code must be, in one place for every form that takes one. The rule is the one
/// the qualification editor's "add a module" form applies (Pages/Qualifications/EditModules):
/// any text, trimmed, not empty and at most 64 characters, the database's own limit. Awarding
/// bodies number units in many styles ("CCLD301", "NNEB-01", "Unit 4", "A/601/1234"), so no
/// stricter pattern is imposed; the code is unique across the database without regard to case.
/// </summary>
public static class ModuleCode
{
    public const int MaxLength = 64;

    /// <summary>The code as stored: trimmed; null when nothing was typed.</summary>
    public static string? Normalise(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Why the text cannot be a module code, or null when it can.</summary>
    public static string? Problem(string? text) => Normalise(text) switch
    {
        null => "Enter the module code",
        { Length: > MaxLength } => $"A module code must be {MaxLength} characters or fewer",
        _ => null,
    };
}
