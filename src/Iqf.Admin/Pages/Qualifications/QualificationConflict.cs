using Iqf.Admin.Web.Records;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>
/// The rows that belong to a qualification and whose changes move its row version (the editor's
/// pages claim the qualification when they change them), so a refused save lists them too.
/// </summary>
public static class QualificationConflict
{
    public static readonly EditConflict.Child[] Children =
    [
        new("qualification_level", "qualification_id", "level_id", "level") { LabelFrom = ("level", "name") },
        new("qualification_module", "qualification_id", "module_id", "module") { LabelFrom = ("module", "code") },
        new("qualification_common_core", "qualification_id", "area_id", "whole-qualification mapping to Common Core area") { LabelFrom = ("common_core_area", "number") },
        new("role_qualification", "qualification_id", "job_role_id", "job role") { LabelFrom = ("job_role", "title") },
        // A link_owner row has an id of its own, so its history key does not name the qualification.
        new("link_owner", "qualification_id", "link_id", "web link") { LabelFrom = ("external_link", "url"), KeyNamesParent = false },
    ];
}
