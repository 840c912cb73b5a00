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
using Npgsql;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>
/// Adds a qualification (no id) or edits one. Guards against the two ways data gets lost or
/// doubled: a likely duplicate must be acknowledged before saving, and a save over someone
/// else's newer change is refused and shown as a conflict rather than overwriting it.
/// </summary>
public class EditModel(IqfDbContext db, IValidator<QualificationForm> validator) : PageModel
{

    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public QualificationForm Input { get; set; } = new();

    public List<LikelyDuplicate> Duplicates { get; private set; } = [];
    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public string? ArchivedNotice { get; private set; }
    public List<SelectListItem> Frameworks { get; private set; } = [];
    public List<SelectListItem> AwardingBodies { get; private set; } = [];
    public List<SelectListItem> SectorSubjectAreas { get; private set; } = [];
    public bool IsNew => Id is null;

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is not null)
        {
            var q = await db.Qualifications.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id);
            if (q is null) return NotFound();
            Input = QualificationForm.From(q, await LevelsOfAsync(q.Id));
            if (q.ArchivedAt is not null) ArchivedNotice = "This qualification is archived. Saving keeps it archived; restore it from its page.";
        }
        // The database's clock, since it is the one that stamps the history.
        Input.LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        await LoadListsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        await LoadListsAsync();
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var reference = QualificationReference.Normalise(Input.Reference)!;
        var levels = await ResolveLevelsAsync();
        if (!await AwardingBodyAndAreaExistAsync() || levels is null) return Page();

        Qualification? q = null;
        if (Id is not null)
        {
            q = await db.Qualifications.Include(x => x.Levels).FirstOrDefaultAsync(x => x.Id == Id);
            if (q is null) return NotFound();
        }

        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var taken = await conn.ExecuteScalarAsync<long?>("select id from qualification where reference = @reference and id <> coalesce(@id, -1)",
            new { reference, id = Id });
        if (taken is not null)
        {
            ModelState.AddModelError("Input.Reference", $"A qualification with reference {reference} already exists");
            return Page();
        }

        // Only ask about duplicates when something that identifies the qualification is new or changed.
        var primaryIds = levels.Where(l => l.Primary).Select(l => l.LevelId).Order().ToArray();
        var identityChanged = q is null || q.Title != Input.Title!.Trim() || q.AwardingBodyId != Input.AwardingBodyId || q.Reference != reference
            || !q.Levels.Where(l => l.IsPrimary).Select(l => l.LevelId).Order().SequenceEqual(primaryIds);
        if (identityChanged && !Input.NotDuplicate)
        {
            Duplicates = await DuplicateFinder.FindAsync(conn, Id, reference, Input.Title!.Trim(), Input.AwardingBodyId, primaryIds);
            if (Duplicates.Count > 0)
            {
                ModelState.AddModelError("Input.NotDuplicate", "Check the likely duplicates below, then confirm this is a different qualification or change it");
                return Page();
            }
        }

        if (q is null)
        {
            q = new Qualification();
            db.Qualifications.Add(q);
        }
        else
        {
            // The version the editor started from: EF puts it in the WHERE of the UPDATE.
            db.Entry(q).Property(x => x.Version).OriginalValue = Input.Version;
        }
        Apply(q, reference);
        q.Levels.RemoveAll(l => !levels.Any(n => n.LevelId == l.LevelId));
        foreach (var (levelId, primary) in levels)
        {
            var existing = q.Levels.FirstOrDefault(l => l.LevelId == levelId);
            if (existing is null) q.Levels.Add(new QualificationLevel { LevelId = levelId, IsPrimary = primary });
            else existing.IsPrimary = primary;
        }

        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            await ShowConflictAsync();
            return Page();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: "23505" })
        {
            ModelState.AddModelError("Input.Reference", $"A qualification with reference {reference} already exists");
            return Page();
        }

        TempData["Success"] = $"{(Id is null ? "Added" : "Saved")} {q.Reference} {q.Title}";
        return Redirect(ListLinks.AfterSave("/Qualifications", q.Id, next, ReturnUrl));
    }

    private void Apply(Qualification q, string reference)
    {
        q.Reference = reference;
        q.Title = Input.Title!.Trim();
        q.Type = Input.Type!;
        q.AwardingBodyId = Input.AwardingBodyId;
        q.Status = Input.Status!;
        q.OperationalStart = QualificationForm.Date(Input.OperationalStart);
        q.OperationalEnd = QualificationForm.Date(Input.OperationalEnd);
        q.CertificationEnd = QualificationForm.Date(Input.CertificationEnd);
        q.Credits = QualificationForm.Number(Input.Credits);
        q.Glh = QualificationForm.Number(Input.Glh);
        q.Tqt = QualificationForm.Number(Input.Tqt);
        q.AgeFocus = string.IsNullOrWhiteSpace(Input.AgeFocus) ? null : Input.AgeFocus.Trim();
        q.SectorSubjectAreaId = Input.SectorSubjectAreaId;
        q.CommonCoreStatus = Input.CommonCoreStatus!;
        q.Notes = string.IsNullOrWhiteSpace(Input.Notes) ? null : Input.Notes.Trim();
        q.ReviewIntervalMonths = string.IsNullOrWhiteSpace(Input.ReviewIntervalMonths) ? null : short.Parse(Input.ReviewIntervalMonths);
    }

    /// <summary>
    /// Someone saved this qualification after the editor opened it. Show what they changed (from
    /// the history), keep the editor's own values in the form, and move the form's version on so
    /// that saving again, after reading, applies the editor's values on top of theirs.
    /// </summary>
    private async Task ShowConflictAsync()
    {
        var current = await EditConflict.ReloadAsync(db, ModelState, db.Qualifications, x => x.Id == Id, "qualification");
        if (current is null) return;
        // The editor's other pages (modules, roles, links) move the version too: list their changes as well.
        Conflict = await EditConflict.SinceAsync(db.Database.GetDbConnection(), "qualification", current.Id, Input.LoadedAt, QualificationConflict.Children);
        Input.Version = current.Version;
    }

    private async Task<List<(int LevelId, bool Primary)>?> ResolveLevelsAsync()
    {
        var wanted = Input.LevelCodes.Select(c => (Framework: Input.Framework ?? "RQF", Level: c, Primary: true))
            .Concat(QualificationForm.ParseOtherLevels(Input.OtherLevels)!.Select(o => (o.Framework, o.Level, Primary: false)))
            .ToList();
        var known = await db.Levels.Include(l => l.Framework).Select(l => new { l.Id, Framework = l.Framework!.Code, l.Code }).ToListAsync();
        var resolved = new List<(int, bool)>();
        foreach (var w in wanted)
        {
            var match = known.FirstOrDefault(k => string.Equals(k.Framework, w.Framework, StringComparison.OrdinalIgnoreCase)
                                                  && string.Equals(k.Code, w.Level, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                ModelState.AddModelError(w.Primary ? "Input.Level" : "Input.OtherLevels", $"{w.Framework} has no level {w.Level}");
                continue;
            }
            if (resolved.Any(r => r.Item1 == match.Id))
            {
                ModelState.AddModelError("Input.OtherLevels", $"{w.Framework} {w.Level} is given twice");
                continue;
            }
            resolved.Add((match.Id, w.Primary));
        }
        return ModelState.IsValid ? resolved : null;
    }

    private async Task<bool> AwardingBodyAndAreaExistAsync()
    {
        if (Input.AwardingBodyId is { } ab && !await db.Organisations.AnyAsync(o => o.Id == ab))
            ModelState.AddModelError("Input.AwardingBodyId", "Select an awarding body from the list");
        if (Input.SectorSubjectAreaId is { } ssa && !await db.SectorSubjectAreas.AnyAsync(s => s.Id == ssa))
            ModelState.AddModelError("Input.SectorSubjectAreaId", "Select a sector subject area from the list");
        return ModelState.IsValid;
    }

    private async Task<List<(string Framework, string Level, bool Primary)>> LevelsOfAsync(long id) =>
        (await db.QualificationLevels.Where(l => l.QualificationId == id)
            .Select(l => new { Framework = l.Level!.Framework!.Code, l.Level.Code, l.Level.Ordinal, l.IsPrimary })
            .ToListAsync())
        .OrderByDescending(l => l.IsPrimary).ThenBy(l => l.Framework).ThenBy(l => l.Ordinal)
        .Select(l => (l.Framework, l.Code, l.IsPrimary)).ToList();

    private async Task LoadListsAsync()
    {
        Frameworks = await db.LevelFrameworks.Where(f => f.ArchivedAt == null).OrderBy(f => f.Code)
            .Select(f => new SelectListItem(f.Code + " – " + f.Name, f.Code)).ToListAsync();
        var current = Input.AwardingBodyId;
        // Awarding bodies, plus whichever organisation the record already names (so it is never lost).
        AwardingBodies = await db.Organisations.Where(o => (o.ArchivedAt == null && o.Type == "awarding-body") || o.Id == current).OrderBy(o => o.Name)
            .Select(o => new SelectListItem(o.Acronym == null ? o.Name : o.Name + " (" + o.Acronym + ")", o.Id.ToString())).ToListAsync();
        SectorSubjectAreas = await db.SectorSubjectAreas.Where(s => s.ArchivedAt == null).OrderBy(s => s.Id)
            .Select(s => new SelectListItem(s.Code + " " + s.Name, s.Id.ToString())).ToListAsync();
    }
}
