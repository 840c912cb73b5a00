using Iqf.Admin.Web.Lists;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>
/// The parts of one qualification's editor, shown as a sub-navigation on each of its pages
/// (_EditorNavigation.cshtml) so an in-putter moves between them without going back to the
/// qualification's page. The list address the person came from travels along, so its filters
/// are still there at the end.
/// </summary>
public sealed record EditorNavigation(long Id, string Current, string? ReturnUrl)
{
    public static readonly IReadOnlyList<(string Page, string Label)> Parts =
    [
        ("Edit", "Details and levels"),
        ("EditModules", "Modules"),
        ("EditMappings", "Common Core mapping"),
        ("EditRoles", "Job roles"),
        ("EditLinks", "Web links"),
    ];

    public string Href(string page) => $"/Qualifications/{page}/{Id}{Carry(ReturnUrl)}";

    /// <summary>"?returnUrl=..." when there is a (local) list address to carry, else "".</summary>
    public static string Carry(string? returnUrl) =>
        ListLinks.SafeReturnUrl(returnUrl) is { } back ? "?returnUrl=" + Uri.EscapeDataString(back) : "";

    /// <summary>The qualification's page, where "Save" goes.</summary>
    public static string Details(long id, string? returnUrl) => $"/Qualifications/Details/{id}{Carry(returnUrl)}";
}
