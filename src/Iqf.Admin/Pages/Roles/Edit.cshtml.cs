using Iqf.Admin.Web.Records;
using Dapper;
using FluentValidation;
using Iqf.Admin.Web.Lists;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>
/// Adds a job role (no id) or edits one: its fields, aliases, and one cluster per clustering
/// scheme. A save over someone else's newer change, to any of those, is refused and shown as a
/// conflict rather than overwriting it.
/// </summary>
public class EditModel(IqfDbContext db, IValidator<RoleForm> validator) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public RoleForm Input { get; set; } = new();

    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public string? ArchivedNotice { get; private set; }
    public List<SelectListItem> CareerLevels { get; private set; } = [];
    public List<SelectListItem> RegistrationBodies { get; private set; } = [];
    public List<RoleLookups.Scheme> Schemes { get; private set; } = [];
    public bool IsNew => Id is null;

    private static readonly Dictionary<string, (string Field, string Message)> Constraints = new()
    {
        ["job_role_title_key"] = ("Input.Title", "A job role with this title already exists"),
        ["job_role_title_check"] = ("Input.Title", "Enter the job title"),
        ["job_role_career_level_check"] = ("Input.CareerLevel", "Select a career level from 1 to 6, or leave it empty"),
        ["job_role_workforce_check"] = ("Input.Workforce", "Select the central children's workforce or the wider workforce, or leave it empty"),
        ["job_role_status_check"] = ("Input.Status", "Select the status: established, emerging or legacy"),
        ["job_role_mandatory_requirement_check"] = ("Input.MandatoryRequirement", "Enter the mandatory requirement, or leave it empty"),
        ["job_role_review_interval_months_check"] = ("Input.ReviewIntervalMonths", "The review interval must be a whole number of months from 1 to 120"),
        ["job_role_registration_body_id_fkey"] = ("Input.RegistrationBodyId", "Select a registration body from the list"),
        ["job_role_alias_pkey"] = ("Input.Aliases", "An alias is given twice (aliases are compared without regard to case)"),
        ["job_role_alias_alias_check"] = ("Input.Aliases", "An alias cannot be blank"),
        ["job_role_cluster_scheme_id_fkey"] = ("", "One of the clustering schemes no longer exists; reload the page"),
        ["job_role_cluster_cluster_id_scheme_id_fkey"] = ("", "Each cluster must belong to the clustering scheme it is chosen for"),
    };

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is not null)
        {
            var r = await db.JobRoles.AsNoTracking().Include(x => x.Aliases).Include(x => x.Clusters).FirstOrDefaultAsync(x => x.Id == Id);
            if (r is null) return NotFound();
            Input = RoleForm.From(r);
            if (r.ArchivedAt is not null) ArchivedNotice = "This job role is archived. Saving keeps it archived; restore it from its page.";
        }
        Input.LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        await LoadListsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        await LoadListsAsync();
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        CheckClusters();
        if (Input.RegistrationBodyId is { } body && !await db.Organisations.AnyAsync(o => o.Id == body))
            ModelState.AddModelError("Input.RegistrationBodyId", "Select a registration body from the list");
        if (!ModelState.IsValid) return Page();

        var title = Input.Title!.Trim();
        // Titles are citext: compared as citext here, so "Nanny" and "nanny" are one title.
        if (await db.Database.GetDbConnection().ExecuteScalarAsync<bool>(
                "select exists (select 1 from job_role where title = @title::citext and id <> coalesce(@id, -1))", new { title, id = Id }))
        {
            ModelState.AddModelError("Input.Title", $"A job role called {title} already exists");
            return Page();
        }

        JobRole? role = null;
        if (Id is not null)
        {
            role = await db.JobRoles.Include(x => x.Aliases).Include(x => x.Clusters).FirstOrDefaultAsync(x => x.Id == Id);
            if (role is null) return NotFound();
        }

        await using var tx = await db.Database.BeginTransactionAsync();
        try
        {
            if (role is null)
            {
                role = new JobRole { CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
                db.JobRoles.Add(role);
            }
            else
            {
                // The version the editor started from goes in the WHERE of the UPDATE. The row is
                // always updated, even when only aliases or clusters changed, so that every save
                // checks and moves the role's version.
                db.Entry(role).Property(x => x.Version).OriginalValue = Input.Version;
                role.UpdatedAt = DateTimeOffset.UtcNow;
            }
            Apply(role);
            // Removed aliases are deleted before new ones are inserted (a second save), so that
            // changing only the case of an alias cannot collide with itself in the unique key.
            var aliases = RoleForm.AliasList(Input.Aliases);
            foreach (var gone in role.Aliases.Where(a => !aliases.Contains(a.Alias, StringComparer.Ordinal)).ToList())
            {
                db.Remove(gone);
                role.Aliases.Remove(gone);
            }
            await db.SaveChangesAsync();
            foreach (var alias in aliases.Where(a => !role.Aliases.Any(x => x.Alias == a)))
                role.Aliases.Add(new JobRoleAlias { Alias = alias });
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync();
            await ShowConflictAsync();
            return Page();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException pe)
        {
            await tx.RollbackAsync();
            EditConflict.AddDatabaseError(ModelState, pe, Constraints);
            return Page();
        }

        TempData["Success"] = $"{(Id is null ? "Added" : "Saved")} {role.Title}";
        return Redirect(ListLinks.AfterSave("/Roles", role.Id, next, ReturnUrl));
    }

    private void Apply(JobRole r)
    {
        r.Title = Input.Title!.Trim();
        r.Description = RoleForm.Text(Input.Description);
        r.CareerLevel = string.IsNullOrEmpty(Input.CareerLevel) ? null : short.Parse(Input.CareerLevel);
        r.Workforce = RoleForm.Text(Input.Workforce);
        r.Status = Input.Status!;
        r.MandatoryRequirement = RoleForm.Text(Input.MandatoryRequirement);
        r.RegistrationBodyId = Input.RegistrationBodyId;
        r.ReviewIntervalMonths = string.IsNullOrWhiteSpace(Input.ReviewIntervalMonths) ? null : short.Parse(Input.ReviewIntervalMonths);
        foreach (var scheme in Schemes)
        {
            var wanted = Input.Clusters.GetValueOrDefault(scheme.Id);
            var placed = r.Clusters.FirstOrDefault(c => c.SchemeId == scheme.Id);
            if (wanted is null && placed is not null)
            {
                db.Remove(placed);
                r.Clusters.Remove(placed);
            }
            else if (wanted is not null && placed is null) r.Clusters.Add(new JobRoleCluster { SchemeId = scheme.Id, ClusterId = wanted.Value });
            else if (wanted is not null && placed is not null) placed.ClusterId = wanted.Value;
        }
    }

    /// <summary>Each chosen cluster must be one of its scheme's: the database would refuse anything else, with less to say.</summary>
    private void CheckClusters()
    {
        foreach (var (schemeId, clusterId) in Input.Clusters)
        {
            var scheme = Schemes.FirstOrDefault(s => s.Id == schemeId);
            if (scheme is null)
            {
                if (clusterId is not null) ModelState.AddModelError("", $"There is no clustering scheme {schemeId}; reload the page and choose again");
            }
            else if (clusterId is not null && scheme.Clusters.All(c => c.Id != clusterId))
                ModelState.AddModelError(ClusterField(schemeId), $"Select a cluster of the {scheme.Code} scheme from the list");
        }
    }

    public static string ClusterField(int schemeId) => $"Input.Clusters[{schemeId}]";

    /// <summary>
    /// Someone saved this role after the editor opened it. Show what they changed (from the
    /// history), keep the editor's own values in the form, and move the form's version on so that
    /// saving again, after reading, applies the editor's values on top of theirs.
    /// </summary>
    private async Task ShowConflictAsync()
    {
        db.ChangeTracker.Clear();
        var current = await db.JobRoles.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id);
        if (current is null)
        {
            ModelState.AddModelError("", "This job role was deleted by someone else while you were editing it");
            return;
        }
        Conflict = await RoleConflict.SinceAsync(db.Database.GetDbConnection(), current.Id, Input.LoadedAt);
        Input.Version = current.Version;
        ModelState.Remove("Input.Version");
        ModelState.AddModelError("", "Someone else changed this job role while you were editing it. Their changes are listed below; your changes have not been saved yet");
    }

    private async Task LoadListsAsync()
    {
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        CareerLevels = (await RoleLookups.CareerLevelsAsync(conn)).Select(l => new SelectListItem(l.Text, l.Number.ToString())).ToList();
        // Archived clusters stay choosable while this role is placed in them, so a save never drops them silently.
        var placed = Id is null ? [] : await db.JobRoleClusters.Where(c => c.JobRoleId == Id).Select(c => c.ClusterId).ToListAsync();
        Schemes = await RoleLookups.SchemesAsync(conn, placed);
        foreach (var s in Schemes) Input.Clusters.TryAdd(s.Id, null);
        var current = Input.RegistrationBodyId;
        // Bodies that register people: regulators and professional bodies, plus whichever the record already names.
        RegistrationBodies = await db.Organisations
            .Where(o => (o.ArchivedAt == null && (o.Type == "regulator" || o.Type == "professional-body")) || o.Id == current)
            .OrderBy(o => o.Name)
            .Select(o => new SelectListItem(o.Acronym == null ? o.Name : o.Name + " (" + o.Acronym + ")", o.Id.ToString())).ToListAsync();
    }
}
