namespace Iqf.Domain;

/// <summary>
/// The closed lists of the domain, spelled as they are stored and as they appear in CSV files.
/// The database's check constraints hold the same lists; a test keeps the two in step.
/// </summary>
public static class Vocabulary
{
    public static readonly IReadOnlyList<string> OrganisationTypes =
    [
        "awarding-body", "sector-skills-council", "regulator", "professional-body", "government",
        "training-provider", "higher-education", "further-education", "employer", "other",
    ];

    public static readonly IReadOnlyList<string> QualificationTypes =
    [
        "nvq", "vrq", "award", "certificate", "diploma", "foundation-degree", "honours-degree",
        "postgraduate", "professional-status", "professional-standards", "endorsed-training", "other",
    ];

    public static readonly IReadOnlyList<string> QualificationStatuses = ["available", "closing", "withdrawn", "historical"];
    public static readonly IReadOnlyList<string> CommonCoreStatuses = ["not-started", "in-progress", "complete"];
    public static readonly IReadOnlyList<string> Coverages = ["full", "partial"];
    public static readonly IReadOnlyList<string> Workforces = ["central", "wider"];
    public static readonly IReadOnlyList<string> RoleStatuses = [RoleStatus.Established, RoleStatus.Emerging, RoleStatus.Legacy];
    public static readonly IReadOnlyList<string> Relevances = ["core", "general"];
    public static readonly IReadOnlyList<string> Requirements = ["required", "recommended", "accepted"];
    public static readonly IReadOnlyList<string> Directions = ["vertical", "horizontal"];
    public static readonly IReadOnlyList<string> Mechanisms =
        ["direct", "top-up", "conversion", "transfer-unit", "apel", "fast-track", "employment-based"];
    public static readonly IReadOnlyList<string> Regions =
    [
        "north-east", "north-west", "yorkshire-and-the-humber", "east-midlands", "west-midlands",
        "east-of-england", "london", "south-east", "south-west", "national",
    ];
    public static readonly IReadOnlyList<string> StudyModes = ["full-time", "part-time", "distance", "work-based", "blended"];
    public static readonly IReadOnlyList<string> TakeUpSources = ["ilr", "heses", "awarding-body", "survey", "other"];
    public static readonly IReadOnlyList<string> LinkStates = ["unchecked", "ok", "redirected", "broken", "blocked", "unknown"];

    public static class RoleStatus
    {
        public const string Established = "established";
        public const string Emerging = "emerging";
        public const string Legacy = "legacy";
    }
}
