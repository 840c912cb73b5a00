using Dapper;
using FluentValidation;
using Iqf.Admin.Pages.JobRoles;
using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>
/// The job roles a qualification counts for, edited from the qualification's side: add a role
/// (chosen from the current ones), change how the qualification counts for it, remove it. The
/// role's page edits the same links (Roles/EditQualifications) with the same terms and rules.
/// Each change carries the qualification's row version and moves it on, so a change made from
/// a page someone else has since changed is a conflict, never an overwrite.
/// </summary>
public class EditRolesModel(IqfDbContext db, IValidator<QualificationRoleForm> validator) : PageModel
{
    public sealed record LinkRow(long JobRoleId, string Title, bool Archived, string Relevance, string Requirement,
        bool Significant, DateTime? ValidFrom, DateTime? ValidTo, string? Conditions);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    /// <summary>The role whose link the form is changing (from the table's "Change" links).</summary>
    [BindProperty(SupportsGet = true)] public long? Change { get; set; }
    /// <summary>The list the person came from, carried so that its filters survive the editing.</summary>
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public QualificationRoleForm Input { get; set; } = new();

    public string Reference { get; private set; } = "";
    public string QualificationTitle { get; private set; } = "";
    public bool Archived { get; private set; }
    public List<LinkRow> Links { get; private set; } = [];
    /// <summary>Current roles not yet linked, by title: what the add form offers.</summary>
    public List<SelectListItem> RoleChoices { get; private set; } = [];
    /// <summary>The title of the role whose link is being changed.</summary>
    public string? ChangingTitle { get; private set; }
    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public EditorNavigation Navigation => new(Id, "EditRoles", ReturnUrl);

    private static readonly Dictionary<string, (string Field, string Message)> Constraints = RoleQualificationLinks.Constraints(
        ("role_qualification_job_role_id_fkey", "Input.JobRoleId", "That job role was deleted a moment ago"),
        ("role_qualification_pkey", "Input.JobRoleId", "That job role is already linked to this qualification"));

    public async Task<IActionResult> OnGetAsync()
    {
        var q = await db.Qualifications.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id);
        if (q is null) return NotFound();
        var loadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        var changing = Change is null ? null
            : await db.RoleQualifications.AsNoTracking().FirstOrDefaultAsync(l => l.QualificationId == Id && l.JobRoleId == Change);
        Input = changing is null
            ? new QualificationRoleForm { Significant = true, Version = q.Version, LoadedAt = loadedAt }
            : QualificationRoleForm.From(changing, q.Version, loadedAt);
        if (changing is null) Change = null;
        await LoadAsync(q);
        return Page();
    }

    /// <summary>A post that names no action (the page's forms always do) changes nothing.</summary>
    public IActionResult OnPost() => Redirect($"/Qualifications/EditRoles/{Id}{EditorNavigation.Carry(ReturnUrl)}");

    /// <param name="next">"continue" stays on this page; anything else goes back to the qualification's page.</param>
    public async Task<IActionResult> OnPostSaveAsync(string? next)
    {
        var q = await db.Qualifications.FirstOrDefaultAsync(x => x.Id == Id);
        if (q is null) return NotFound();
        await LoadAsync(q);
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var role = await db.JobRoles.AsNoTracking().Where(r => r.Id == Input.JobRoleId)
            .Select(r => new { r.Id, r.Title, r.ArchivedAt }).FirstOrDefaultAsync();
        if (role is null)
        {
            ModelState.AddModelError("Input.JobRoleId", "Select a job role from the list: that one does not exist (any more)");
            return Page();
        }
        var link = await db.RoleQualifications.FirstOrDefaultAsync(l => l.QualificationId == Id && l.JobRoleId == role.Id);
        if (link is not null && !Input.Changing)
        {
            ModelState.AddModelError("Input.JobRoleId", $"{role.Title} is already linked to this qualification: change it in the table instead");
            return Page();
        }
        if (link is null && role.ArchivedAt is not null)
        {
            // An existing link to an archived role may still be changed; a new one is not made.
            ModelState.AddModelError("Input.JobRoleId", $"{role.Title} is archived: choose a current job role, or restore it first");
            return Page();
        }
        var adding = link is null;
        if (link is null)
        {
            link = new RoleQualification { JobRoleId = role.Id, QualificationId = Id };
            db.RoleQualifications.Add(link);
        }
        Input.ApplyTo(link);

        if (!await SaveWithQualificationAsync(q, role.Id)) return Page();
        TempData["Success"] = $"{(adding ? "Linked" : "Saved the link to")} {role.Title}";
        return Redirect(next == "continue" ? $"/Qualifications/EditRoles/{Id}{EditorNavigation.Carry(ReturnUrl)}" : EditorNavigation.Details(Id, ReturnUrl));
    }

    public async Task<IActionResult> OnPostRemoveAsync(long jobRoleId)
    {
        var q = await db.Qualifications.FirstOrDefaultAsync(x => x.Id == Id);
        if (q is null) return NotFound();
        var link = await db.RoleQualifications.Include(l => l.JobRole).FirstOrDefaultAsync(l => l.QualificationId == Id && l.JobRoleId == jobRoleId);
        // Removing leaves the add form as it was when the page was shown: empty, ready for a new link.
        Input = new QualificationRoleForm { Significant = true, Version = Input.Version, LoadedAt = Input.LoadedAt };
        ModelState.Clear();
        if (link is null)
        {
            await LoadAsync(q);
            ModelState.AddModelError("", "That job role is not linked to this qualification (any more)");
            return Page();
        }
        db.RoleQualifications.Remove(link);
        if (!await SaveWithQualificationAsync(q, jobRoleId)) return Page();
        TempData["Success"] = $"Removed {link.JobRole!.Title} from this qualification";
        return Redirect($"/Qualifications/EditRoles/{Id}{EditorNavigation.Carry(ReturnUrl)}");
    }

    /// <summary>Saves the pending link change with the qualification's version check; false (with the reason shown) when it was not saved.</summary>
    private async Task<bool> SaveWithQualificationAsync(Qualification q, long jobRoleId)
    {
        switch (await RoleQualificationLinks.SaveWithParentAsync(db, q, Input.Version,
                    $"update job_role set updated_at = now() where id = {jobRoleId}", ModelState, Constraints))
        {
            case RoleQualificationLinks.SaveOutcome.Saved:
                return true;
            case RoleQualificationLinks.SaveOutcome.Refused:
                await LoadAsync(q);
                return false;
        }
        var conn = db.Database.GetDbConnection();
        var loadedAt = await EditConflict.NowAsync(conn);
        var current = await db.Qualifications.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id);
        if (current is null)
        {
            ModelState.AddModelError("", "This qualification was deleted by someone else a moment ago");
            return false;
        }
        Conflict = await EditConflict.SinceAsync(conn, "qualification", Id, Input.LoadedAt, QualificationConflict.Children);
        await LoadAsync(current);
        // The form keeps the editor's values; from now on it is based on what they have just been shown.
        Input.Version = current.Version;
        Input.LoadedAt = loadedAt;
        ModelState.Remove("Input.Version");
        ModelState.Remove("Input.LoadedAt");
        EditConflict.AddConflictError(ModelState, "qualification or its job roles");
        return false;
    }

    private async Task LoadAsync(Qualification q)
    {
        Reference = q.Reference;
        QualificationTitle = q.Title;
        Archived = q.ArchivedAt is not null;
        using (var grid = await db.Database.GetDbConnection().QueryMultipleAsync("""
            select r.id as "JobRoleId", r.title::text as "Title", r.archived_at is not null as "Archived",
                   rq.relevance as "Relevance", rq.requirement as "Requirement", rq.significant as "Significant",
                   rq.valid_from::timestamp as "ValidFrom", rq.valid_to::timestamp as "ValidTo", rq.conditions as "Conditions"
            from role_qualification rq join job_role r on r.id = rq.job_role_id
            where rq.qualification_id = @Id
            order by rq.relevance = 'general', array_position(array['required', 'recommended', 'accepted'], rq.requirement), r.title;

            select r.id, r.title::text from job_role r
            where r.archived_at is null and not exists (select 1 from role_qualification rq where rq.job_role_id = r.id and rq.qualification_id = @Id)
            order by r.title;
            """, new { Id }))
        {
            Links = (await grid.ReadAsync<LinkRow>()).ToList();
            RoleChoices = (await grid.ReadAsync<(long Id, string Title)>()).Select(r => new SelectListItem(r.Title, r.Id.ToString())).ToList();
        }
        // The link being changed may have been removed meanwhile: the role is still named.
        ChangingTitle = !Input.Changing ? null
            : Links.FirstOrDefault(l => l.JobRoleId == Input.JobRoleId)?.Title
              ?? await db.JobRoles.AsNoTracking().Where(r => r.Id == Input.JobRoleId).Select(r => r.Title).FirstOrDefaultAsync();
    }
}
