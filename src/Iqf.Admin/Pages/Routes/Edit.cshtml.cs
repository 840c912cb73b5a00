using System.Data;
using Dapper;
using FluentValidation;
using Iqf.Admin.Web.Lists;
using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Iqf.Admin.Pages.Routes;

/// <summary>
/// Adds a progression route (no id) or edits one, with its bridging qualifications and modules.
/// Ends and bridges are named by role, reference and code, each checked against the database and
/// named in the message when unknown; a second route with the same ends and mechanism is refused
/// with the existing one named; a save over someone else's newer change is shown as a conflict.
/// </summary>
public class EditModel(IqfDbContext db, IValidator<RouteForm> validator) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public RouteForm Input { get; set; } = new();

    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public string? ArchivedNotice { get; private set; }
    public List<SelectListItem> RoleChoices { get; private set; } = [];
    public bool IsNew => Id is null;

    /// <summary>Database refusals, by constraint, as the field they concern and what to tell the editor.</summary>
    private static readonly Dictionary<string, (string Field, string Message)> Constraints = new()
    {
        ["progression_route_from_role_id_from_qualification_id_to_rol_key"] =
            ("Input.Mechanism", "A route with the same start, end and mechanism was added a moment ago: edit that one, or choose another mechanism"),
        ["progression_route_check"] = ("Input.FromKind", "Choose exactly one job role or qualification for where the route starts"),
        ["progression_route_check1"] = ("Input.ToKind", "Choose exactly one job role or qualification for where the route leads"),
        ["progression_route_check2"] = ("Input.ToRoleId", "A route cannot lead to the job role it starts from: choose a different job role"),
        ["progression_route_check3"] = ("Input.ToQualification", "A route cannot lead to the qualification it starts from: choose a different qualification"),
        ["progression_route_direction_check"] = ("Input.Direction", "Select whether the route goes up a ladder (vertical) or across to another sector (horizontal)"),
        ["progression_route_mechanism_check"] = ("Input.Mechanism", "Select how the route is made"),
        ["progression_route_review_interval_months_check"] = ("Input.ReviewIntervalMonths", "The review interval must be a whole number of months from 1 to 120"),
        ["progression_route_from_role_id_fkey"] = ("Input.FromRoleId", "That job role was deleted a moment ago: select another"),
        ["progression_route_to_role_id_fkey"] = ("Input.ToRoleId", "That job role was deleted a moment ago: select another"),
        ["progression_route_from_qualification_id_fkey"] = ("Input.FromQualification", "That qualification was deleted a moment ago: enter another"),
        ["progression_route_to_qualification_id_fkey"] = ("Input.ToQualification", "That qualification was deleted a moment ago: enter another"),
        ["route_via_qualification_qualification_id_fkey"] = ("Input.ViaQualifications", "One of these qualifications was deleted a moment ago: check the list"),
        ["route_via_qualification_pkey"] = ("Input.ViaQualifications", "A qualification is listed twice"),
        ["route_via_module_module_id_fkey"] = ("Input.ViaModules", "One of these modules was deleted a moment ago: check the list"),
        ["route_via_module_pkey"] = ("Input.ViaModules", "A module is listed twice"),
    };

    /// <param name="fromRole">a role's id, to start a new route from it (the role page's "Add a route from this role")</param>
    /// <param name="fromQualification">a qualification's reference, likewise</param>
    public async Task<IActionResult> OnGetAsync(string? fromRole, string? fromQualification)
    {
        if (Id is not null)
        {
            var route = await db.ProgressionRoutes.AsNoTracking()
                .Include(r => r.FromQualification).Include(r => r.ToQualification)
                .Include(r => r.ViaQualifications).ThenInclude(v => v.Qualification)
                .Include(r => r.ViaModules).ThenInclude(v => v.Module)
                .AsSplitQuery()
                .FirstOrDefaultAsync(r => r.Id == Id);
            if (route is null) return NotFound();
            Input = From(route);
            if (route.ArchivedAt is not null) ArchivedNotice = "This route is archived. Saving keeps it archived; restore it from its page.";
        }
        else if (RouteForm.RoleIdOf(fromRole) is { } roleId)
        {
            // Text rather than a number parameter, so a mangled link opens a blank form rather than an error.
            Input = new RouteForm { FromKind = RouteForm.Role, FromRoleId = roleId.ToString() };
        }
        else if (QualificationReference.Normalise(fromQualification) is { } reference)
        {
            Input = new RouteForm { FromKind = RouteForm.Qualification, FromQualification = reference };
        }
        // The database's clock, since it is the one that stamps the history.
        Input.LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        await LoadListsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        ProgressionRoute? route = null;
        if (Id is not null)
        {
            route = await db.ProgressionRoutes.Include(r => r.ViaQualifications).Include(r => r.ViaModules).AsSplitQuery()
                .FirstOrDefaultAsync(r => r.Id == Id);
            if (route is null) return NotFound();
        }
        await LoadListsAsync();
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        var found = await ResolveAsync(conn, tx.GetDbTransaction());
        if (found is null) return Page();

        if (route is null)
        {
            route = new ProgressionRoute { CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
            db.ProgressionRoutes.Add(route);
        }
        else
        {
            // The version the editor started from: EF puts it in the WHERE of the UPDATE.
            db.Entry(route).Property(x => x.Version).OriginalValue = Input.Version;
        }
        Apply(route, found);

        try
        {
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync();
            await ShowConflictAsync();
            return Page();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException pg)
        {
            await tx.RollbackAsync();
            db.ChangeTracker.Clear();
            // Another save slipped in between the checks and this one: check again to name it.
            if (await ResolveAsync(conn, null) is not null) EditConflict.AddDatabaseError(ModelState, pg, Constraints);
            return Page();
        }

        TempData["Success"] = $"{(Id is null ? "Added" : "Saved")} the route from {found.FromName} to {found.ToName}";
        return Redirect(ListLinks.AfterSave("/Routes", route.Id, next, ReturnUrl));
    }

    /// <summary>The form's names turned into ids, ready to save.</summary>
    private sealed record Resolved(long? FromRoleId, long? FromQualificationId, long? ToRoleId, long? ToQualificationId,
        string FromName, string ToName, List<long> ViaQualificationIds, List<long> ViaModuleIds);

    /// <summary>
    /// What only the database knows: whether the chosen roles, the references and the module codes
    /// exist, and whether another route already joins these ends by this mechanism. Adds a field
    /// error for each problem, naming what was not found; null when there are any.
    /// </summary>
    private async Task<Resolved?> ResolveAsync(NpgsqlConnection conn, IDbTransaction? tx)
    {
        var (fromRole, fromQualification, fromName) = await EndAsync(conn, tx, Input.FromRole, Input.FromReference, "Input.FromRoleId", "Input.FromQualification");
        var (toRole, toQualification, toName) = await EndAsync(conn, tx, Input.ToRole, Input.ToReference, "Input.ToRoleId", "Input.ToQualification");

        var references = Input.ViaReferences;
        var qualifications = (await conn.QueryAsync<(long Id, string Reference)>(
            "select id, reference from qualification where reference = any (@references)", new { references = references.ToArray() }, tx))
            .ToDictionary(q => q.Reference, q => q.Id);
        var unknownReferences = references.Where(r => !qualifications.ContainsKey(r)).ToList();
        if (unknownReferences.Count > 0)
            ModelState.AddModelError("Input.ViaQualifications", unknownReferences.Count == 1
                ? $"There is no qualification with reference {unknownReferences[0]}. Check the reference, or add the qualification first"
                : $"There are no qualifications with references {string.Join(", ", unknownReferences)}. Check the references, or add the qualifications first");

        var codes = Input.ViaModuleCodes;
        var modules = (await conn.QueryAsync<(long Id, string Code)>(
            "select id, code::text from module where code = any (@codes::citext[])", new { codes = codes.ToArray() }, tx))
            .ToDictionary(m => m.Code, m => m.Id, StringComparer.OrdinalIgnoreCase);
        var unknownCodes = codes.Where(c => !modules.ContainsKey(c)).ToList();
        if (unknownCodes.Count > 0)
            ModelState.AddModelError("Input.ViaModules", unknownCodes.Count == 1
                ? $"There is no module with code {unknownCodes[0]}"
                : $"There are no modules with codes {string.Join(", ", unknownCodes)}");

        if (fromName is not null && toName is not null)
        {
            var existing = await conn.QueryFirstOrDefaultAsync<long?>("""
                select id from progression_route
                where from_role_id is not distinct from @fromRole and from_qualification_id is not distinct from @fromQualification
                  and to_role_id is not distinct from @toRole and to_qualification_id is not distinct from @toQualification
                  and mechanism = @mechanism and id <> @self
                """, new { fromRole, fromQualification, toRole, toQualification, mechanism = Input.Mechanism, self = Id ?? -1 }, tx);
            if (existing is not null)
                ModelState.AddModelError("Input.Mechanism",
                    $"There is already a route from {fromName} to {toName} with the mechanism {RouteText.Label(Input.Mechanism!)}: edit that one, or choose another mechanism");
        }
        if (!ModelState.IsValid) return null;
        return new Resolved(fromRole, fromQualification, toRole, toQualification, fromName!, toName!,
            references.Select(r => qualifications[r]).ToList(), codes.Select(c => modules[c]).ToList());
    }

    /// <summary>One end's id and name: the role chosen, or the qualification whose reference was typed.</summary>
    private async Task<(long? Role, long? Qualification, string? Name)> EndAsync(NpgsqlConnection conn, IDbTransaction? tx,
        long? roleId, string? reference, string roleField, string qualificationField)
    {
        if (roleId is not null)
        {
            var title = await conn.QueryFirstOrDefaultAsync<string?>("select title::text from job_role where id = @roleId", new { roleId }, tx);
            if (title is null) ModelState.AddModelError(roleField, "Select a job role from the list");
            return (roleId, null, title);
        }
        var q = await conn.QueryFirstOrDefaultAsync<(long Id, string Title)?>(
            "select id, title from qualification where reference = @reference", new { reference }, tx);
        if (q is null)
        {
            ModelState.AddModelError(qualificationField, $"There is no qualification with reference {reference}. Check the reference, or add the qualification first");
            return (null, null, null);
        }
        return (null, q.Value.Id, $"{reference} {q.Value.Title}");
    }

    private void Apply(ProgressionRoute route, Resolved found)
    {
        route.FromRoleId = found.FromRoleId;
        route.FromQualificationId = found.FromQualificationId;
        route.ToRoleId = found.ToRoleId;
        route.ToQualificationId = found.ToQualificationId;
        route.Direction = Input.Direction!;
        route.Mechanism = Input.Mechanism!;
        route.Notes = RouteForm.Text(Input.Notes);
        route.ReviewIntervalMonths = string.IsNullOrWhiteSpace(Input.ReviewIntervalMonths) ? null : short.Parse(Input.ReviewIntervalMonths);

        // Bridges live in their own tables: kept ones are re-numbered in place, the rest removed or
        // added, so the history shows exactly what moved, went or came.
        var childrenChanged = false;
        var viaQualifications = found.ViaQualificationIds;
        foreach (var gone in route.ViaQualifications.Where(v => !viaQualifications.Contains(v.QualificationId)).ToList())
        {
            route.ViaQualifications.Remove(gone);
            db.RouteViaQualifications.Remove(gone);
            childrenChanged = true;
        }
        for (var i = 0; i < viaQualifications.Count; i++)
        {
            var kept = route.ViaQualifications.FirstOrDefault(v => v.QualificationId == viaQualifications[i]);
            if (kept is null) { route.ViaQualifications.Add(new RouteViaQualification { QualificationId = viaQualifications[i], Position = i }); childrenChanged = true; }
            else if (kept.Position != i) { kept.Position = i; childrenChanged = true; }
        }
        var viaModules = found.ViaModuleIds;
        foreach (var gone in route.ViaModules.Where(v => !viaModules.Contains(v.ModuleId)).ToList())
        {
            route.ViaModules.Remove(gone);
            db.RouteViaModules.Remove(gone);
            childrenChanged = true;
        }
        for (var i = 0; i < viaModules.Count; i++)
        {
            var kept = route.ViaModules.FirstOrDefault(v => v.ModuleId == viaModules[i]);
            if (kept is null) { route.ViaModules.Add(new RouteViaModule { ModuleId = viaModules[i], Position = i }); childrenChanged = true; }
            else if (kept.Position != i) { kept.Position = i; childrenChanged = true; }
        }
        // Changing only the bridges would not touch the route's row: touching it makes the row
        // version check (and the conflict) cover them too.
        if (Id is not null && childrenChanged) route.UpdatedAt = DateTimeOffset.UtcNow;
    }

    private static RouteForm From(ProgressionRoute r) => new()
    {
        FromKind = r.FromRoleId is not null ? RouteForm.Role : RouteForm.Qualification,
        FromRoleId = r.FromRoleId?.ToString(),
        FromQualification = r.FromQualification?.Reference,
        ToKind = r.ToRoleId is not null ? RouteForm.Role : RouteForm.Qualification,
        ToRoleId = r.ToRoleId?.ToString(),
        ToQualification = r.ToQualification?.Reference,
        Direction = r.Direction,
        Mechanism = r.Mechanism,
        ViaQualifications = string.Join("\n", r.ViaQualifications.OrderBy(v => v.Position).ThenBy(v => v.Qualification!.Reference).Select(v => v.Qualification!.Reference)),
        ViaModules = string.Join("\n", r.ViaModules.OrderBy(v => v.Position).ThenBy(v => v.Module!.Code).Select(v => v.Module!.Code)),
        Notes = r.Notes,
        ReviewIntervalMonths = r.ReviewIntervalMonths?.ToString(),
        Version = r.Version,
    };

    /// <summary>
    /// Someone saved this route after the editor opened it. Show what they changed (from the
    /// history, bridges included), keep the editor's own values in the form, and move the form's
    /// version on so that saving again, after reading, applies the editor's values on top.
    /// </summary>
    private async Task ShowConflictAsync()
    {
        var current = await EditConflict.ReloadAsync(db, ModelState, db.ProgressionRoutes, x => x.Id == Id, "route");
        if (current is null) return;
        Conflict = await RouteConflict.SinceAsync(db.Database.GetDbConnection(), current.Id, Input.LoadedAt);
        Input.Version = current.Version;
    }

    private async Task LoadListsAsync()
    {
        var chosen = new[] { RouteForm.RoleIdOf(Input.FromRoleId), RouteForm.RoleIdOf(Input.ToRoleId) }.OfType<long>().ToList();
        // Roles that are not archived, plus any the route already names (so it is never lost from the list).
        RoleChoices = (await db.JobRoles.AsNoTracking()
                .Where(r => r.ArchivedAt == null || chosen.Contains(r.Id))
                .Select(r => new { r.Id, r.Title, Archived = r.ArchivedAt != null })
                .ToListAsync())
            .OrderBy(r => r.Title, StringComparer.OrdinalIgnoreCase)
            .Select(r => new SelectListItem(r.Archived ? $"{r.Title} (archived)" : r.Title, r.Id.ToString()))
            .ToList();
    }
}
