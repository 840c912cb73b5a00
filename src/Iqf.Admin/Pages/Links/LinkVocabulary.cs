namespace Iqf.Admin.Pages.Links;

/// <summary>
/// How the link pages name a link's check state and the kinds of record that own links, in one
/// place so the list, the details and the forms agree (and the broken-links page can reuse them).
/// </summary>
public static class LinkVocabulary
{
    /// <summary>States in order of how much they need a person's attention, worst first; the list's "state" sort uses this order.</summary>
    public static readonly IReadOnlyList<string> StatesByUrgency = ["broken", "blocked", "unknown", "redirected", "unchecked", "ok"];

    public static string StateLabel(string state) => state switch
    {
        "ok" => "OK",
        "redirected" => "Redirected",
        "broken" => "Broken",
        "blocked" => "Blocked",
        "unknown" => "Unknown",
        "unchecked" => "Not checked yet",
        _ => state,
    };

    /// <summary>What a state means, for the details page.</summary>
    public static string StateMeaning(string state) => state switch
    {
        "ok" => "The address answered normally when last checked.",
        "redirected" => "The address sends visitors somewhere else; check the final address is still the right page.",
        "broken" => "The address failed on several checks in a row, or answered that the page is gone.",
        "blocked" => "The site refused the checker (bot protection or a sign-in wall); a person should look.",
        "unknown" => "The last check met trouble that may pass (a time-out, a busy server); it will be checked again.",
        "unchecked" => "The link checker has not checked this address yet.",
        _ => "",
    };

    /// <summary>The GOV.UK tag modifier for a state: green is fine, red needs fixing, orange and yellow need a look.</summary>
    public static string StateTagClass(string state) => "govuk-tag" + state switch
    {
        "ok" => " govuk-tag--green",
        "redirected" => " govuk-tag--turquoise",
        "broken" => " govuk-tag--red",
        "blocked" => " govuk-tag--orange",
        "unknown" => " govuk-tag--yellow",
        _ => " govuk-tag--grey",
    };

    /// <summary>The owner kinds as the "links" interchange format spells them.</summary>
    public static readonly IReadOnlyList<string> OwnerKinds = ["qualification", "organisation", "role", "provider", "document"];

    public static string OwnerKindLabel(string kind) => kind switch
    {
        "qualification" => "Qualification",
        "organisation" => "Organisation",
        "role" => "Job role",
        "provider" => "Provider offering",
        "document" => "Source document",
        _ => kind,
    };

    /// <summary>What identifies an owner of each kind, as the forms ask for it.</summary>
    public static string OwnerKeyHint(string kind) => kind switch
    {
        "qualification" => "its reference, for example 603/1234/5 or EYE-L3",
        "organisation" => "its name, acronym or another name it is known by",
        "role" => "its title",
        "provider" => "reference|provider|region|mode, for example 603/1234/5|Ruskin College|london|part-time",
        "document" => "its code, for example DFES-2005-CWS",
        _ => "",
    };

    /// <summary>Where the owning record's page is, for the kinds that have one.</summary>
    public static string? OwnerPath(string kind, long id) => kind switch
    {
        "qualification" => $"/Qualifications/Details/{id}",
        "organisation" => $"/Organisations/Details/{id}",
        "role" => $"/Roles/Details/{id}",
        _ => null,
    };

    /// <summary>The link_owner column that holds an owner of this kind.</summary>
    public static string OwnerColumn(string kind) => kind switch
    {
        "qualification" => "qualification_id",
        "organisation" => "organisation_id",
        "role" => "job_role_id",
        "provider" => "provider_offering_id",
        "document" => "source_document_id",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an owner kind"),
    };
}
