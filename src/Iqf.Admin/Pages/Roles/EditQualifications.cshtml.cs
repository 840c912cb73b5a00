using Iqf.Admin.Web.Records;
using Dapper;
using FluentValidation;
using Iqf.Data;
using Iqf.Domain;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>
/// The qualifications of a role: add one by its reference, change how it counts for the role,
/// remove it. The links belong to the role, so each change carries the role's row version and
/// moves it on: a change made from a page someone else has since changed is a conflict.
/// </summary>
public class EditQualificationsModel(IqfDbContext db, IValidator<RoleQualificationForm> validator) : PageModel
{
    public sealed record LinkRow(long QualificationId, string Reference, string Title, bool Archived, string Relevance, string Requirement,
        bool Significant, DateTime? ValidFrom, DateTime? ValidTo, string? Conditions);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    /// <summary>The qualification whose link the form is changing (from the table's "Change" links).</summary>
    [BindProperty(SupportsGet = true)] public long? Change { get; set; }
    [BindProperty] public RoleQualificationForm Input { get; set; } = new();

    public string RoleTitle { get; private set; } = "";
    public bool Archived { get; private set; }
    public List<LinkRow> Links { get; private set; } = [];
    public List<EditConflict.Change> Conflict { get; private set; } = [];

    private static readonly Dictionary<string, (string Field, string Message)> Constraints = RoleQualificationLinks.Constraints(
        ("role_qualification_qualification_id_fkey", "Input.Reference", "That qualification was deleted a moment ago"),
        ("role_qualification_pkey", "Input.Reference", "That qualification is already linked to this role"));

    public async Task<IActionResult> OnGetAsync()
    {
        var role = await db.JobRoles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id);
        if (role is null) return NotFound();
        var loadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        var changing = Change is null ? null
            : await db.RoleQualifications.AsNoTracking().Include(l => l.Qualification).FirstOrDefaultAsync(l => l.JobRoleId == Id && l.QualificationId == Change);
        Input = changing is null
            ? new RoleQualificationForm { Significant = true, Version = role.Version, LoadedAt = loadedAt }
            : RoleQualificationForm.From(changing, changing.Qualification!.Reference, role.Version, loadedAt);
        if (changing is null) Change = null;
        await LoadAsync(role);
        return Page();
    }

    /// <summary>A post that names no action (the page's forms always do) changes nothing.</summary>
    public IActionResult OnPost() => Redirect($"/Roles/EditQualifications/{Id}");

    public async Task<IActionResult> OnPostSaveAsync()
    {
        var role = await db.JobRoles.FirstOrDefaultAsync(r => r.Id == Id);
        if (role is null) return NotFound();
        await LoadAsync(role);
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var reference = QualificationReference.Normalise(Input.Reference)!;
        var qualification = await db.Qualifications.AsNoTracking().Where(q => q.Reference == reference)
            .Select(q => new { q.Id, q.Reference, q.Title }).FirstOrDefaultAsync();
        if (qualification is null)
        {
            ModelState.AddModelError("Input.Reference", $"There is no qualification with reference {reference}. Check the reference, or add the qualification first");
            return Page();
        }
        var link = await db.RoleQualifications.FirstOrDefaultAsync(l => l.JobRoleId == Id && l.QualificationId == qualification.Id);
        if (link is not null && !Input.Changing)
        {
            ModelState.AddModelError("Input.Reference", $"{qualification.Reference} is already linked to this role: change it in the table instead");
            return Page();
        }
        var adding = link is null;
        if (link is null)
        {
            link = new RoleQualification { JobRoleId = Id, QualificationId = qualification.Id };
            db.RoleQualifications.Add(link);
        }
        Input.ApplyTo(link);

        if (!await SaveWithRoleAsync(role, qualification.Id)) return Page();
        TempData["Success"] = $"{(adding ? "Linked" : "Saved the link to")} {qualification.Reference} {qualification.Title}";
        return Redirect($"/Roles/EditQualifications/{Id}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(long qualificationId)
    {
        var role = await db.JobRoles.FirstOrDefaultAsync(r => r.Id == Id);
        if (role is null) return NotFound();
        var link = await db.RoleQualifications.Include(l => l.Qualification).FirstOrDefaultAsync(l => l.JobRoleId == Id && l.QualificationId == qualificationId);
        // Removing leaves the add form as it was when the page was shown: empty, ready for a new link.
        Input = new RoleQualificationForm { Significant = true, Version = Input.Version, LoadedAt = Input.LoadedAt };
        ModelState.Clear();
        if (link is null)
        {
            await LoadAsync(role);
            ModelState.AddModelError("", "That qualification is not linked to this role (any more)");
            return Page();
        }
        db.RoleQualifications.Remove(link);
        if (!await SaveWithRoleAsync(role, qualificationId)) return Page();
        TempData["Success"] = $"Removed {link.Qualification!.Reference} {link.Qualification.Title} from this role";
        return Redirect($"/Roles/EditQualifications/{Id}");
    }

    /// <summary>Saves the pending link change with the role's version check; false (with the reason shown) when it was not saved.</summary>
    private async Task<bool> SaveWithRoleAsync(JobRole role, long qualificationId)
    {
        switch (await RoleQualificationLinks.SaveWithParentAsync(db, role, Input.Version,
                    $"update qualification set updated_at = now() where id = {qualificationId}", ModelState, Constraints))
        {
            case RoleQualificationLinks.SaveOutcome.Saved:
                return true;
            case RoleQualificationLinks.SaveOutcome.Refused:
                await LoadAsync(role);
                return false;
        }
        var current = await db.JobRoles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id);
        if (current is null)
        {
            ModelState.AddModelError("", "This job role was deleted by someone else a moment ago");
            return false;
        }
        Conflict = await RoleConflict.SinceAsync(db.Database.GetDbConnection(), Id, Input.LoadedAt);
        await LoadAsync(current);
        Input.Version = current.Version;
        ModelState.Remove("Input.Version");
        ModelState.AddModelError("", "Someone else changed this job role or its qualifications after you opened this page. Their changes are listed below; yours has not been saved. Check, then make it again");
        return false;
    }

    private async Task LoadAsync(JobRole role)
    {
        RoleTitle = role.Title;
        Archived = role.ArchivedAt is not null;
        Links = (await db.Database.GetDbConnection().QueryAsync<LinkRow>($"""
            select q.id as "QualificationId", q.reference as "Reference", q.title as "Title", q.archived_at is not null as "Archived",
                   rq.relevance as "Relevance", rq.requirement as "Requirement", rq.significant as "Significant",
                   rq.valid_from::timestamp as "ValidFrom", rq.valid_to::timestamp as "ValidTo", rq.conditions as "Conditions"
            from role_qualification rq join qualification q on q.id = rq.qualification_id
            where rq.job_role_id = @Id
            order by {DetailsModel.RoleQualificationOrder}
            """, new { Id })).ToList();
    }
}
