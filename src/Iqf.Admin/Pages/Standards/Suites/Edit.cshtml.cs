using Dapper;
using FluentValidation;
using Iqf.Admin.Web.Lists;
using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iqf.Admin.Pages.Standards.Suites;

/// <summary>
/// Adds a National Occupational Standards suite (no id) or edits one. A code another suite has is
/// refused by the database's unique key and shown beside the code; a save over someone else's
/// newer change is shown as a conflict rather than overwriting it.
/// </summary>
public class EditModel(IqfDbContext db, IValidator<SuiteForm> validator) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public SuiteForm Input { get; set; } = new();

    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public string? ArchivedNotice { get; private set; }
    public List<SelectListItem> Owners { get; private set; } = [];
    public bool IsNew => Id is null;
    private long? _currentOwner;

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is not null)
        {
            var s = await db.NosSuites.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id);
            if (s is null) return NotFound();
            Input = SuiteForm.From(s);
            _currentOwner = s.OwnerOrganisationId;
            if (s.ArchivedAt is not null) ArchivedNotice = "This suite is archived. Saving keeps it archived; restore it from its page.";
        }
        Input.LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        await LoadListsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        NosSuite? s = null;
        if (Id is not null)
        {
            s = await db.NosSuites.FirstOrDefaultAsync(x => x.Id == Id);
            if (s is null) return NotFound();
            _currentOwner = s.OwnerOrganisationId;
        }
        await LoadListsAsync();
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (Input.OwnerOrganisationId is { } owner && !Owners.Any(o => o.Value == owner.ToString()))
            ModelState.AddModelError("Input.OwnerOrganisationId", "Select the owner from the list");
        if (!ModelState.IsValid) return Page();

        if (s is null)
        {
            s = new NosSuite();
            db.NosSuites.Add(s);
        }
        else
        {
            db.Entry(s).Property(x => x.Version).OriginalValue = Input.Version;
        }
        Input.ApplyTo(s);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            await ShowConflictAsync();
            return Page();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException pg)
        {
            db.ChangeTracker.Clear();
            EditConflict.AddDatabaseError(ModelState, pg, await ConstraintsAsync());
            return Page();
        }

        TempData["Success"] = $"{(Id is null ? "Added" : "Saved")} {s.Code} {s.Title}";
        return Redirect(ListLinks.AfterSave("/Standards/Suites", s.Id, next, ReturnUrl));
    }

    private async Task<Dictionary<string, (string Field, string Message)>> ConstraintsAsync()
    {
        var code = Input.Code!.Trim();
        var holder = await db.Database.GetDbConnection().ExecuteScalarAsync<string?>(
            "select title from nos_suite where code = @code::citext and id <> @self", new { code, self = Id ?? -1 });
        return new()
        {
            ["nos_suite_code_key"] = ("Input.Code", holder is null
                ? $"Another suite has the code {code}: codes are unique"
                : $"{code} is already the code of the suite {holder}: codes are unique, whatever their capitals"),
            ["nos_suite_code_check"] = ("Input.Code", "Enter the suite's code"),
            ["nos_suite_title_check"] = ("Input.Title", "Enter the suite's title"),
            ["nos_suite_check"] = ("Input.ReviewDueOn", "The review due date must be after the date it was approved"),
            ["nos_suite_owner_organisation_id_fkey"] = ("Input.OwnerOrganisationId", "The chosen owner was deleted a moment ago: select another"),
            ["nos_suite_review_interval_months_check"] = ("Input.ReviewIntervalMonths", FormText.MonthsMessage),
        };
    }

    private async Task ShowConflictAsync()
    {
        var current = await EditConflict.ReloadAsync(db, ModelState, db.NosSuites, x => x.Id == Id, "suite");
        if (current is null) return;
        var conn = db.Database.GetDbConnection();
        Conflict = await EditConflict.SinceAsync(conn, "nos_suite", current.Id, Input.LoadedAt);
        // The owner by name, as the form shows it, rather than its id.
        var ownerIds = Conflict.Where(c => c.What == "owner organisation id" && c.Theirs is not null).Select(c => long.Parse(c.Theirs!)).ToArray();
        var names = (await conn.QueryAsync<(long Id, string Name)>("select id, name::text from organisation where id = any (@ownerIds)", new { ownerIds }))
            .ToDictionary(o => o.Id.ToString(), o => o.Name);
        Conflict = Conflict.Select(c => c.What == "owner organisation id"
            ? c with { What = "owner", Theirs = c.Theirs is not null && names.TryGetValue(c.Theirs, out var n) ? n : c.Theirs }
            : c).ToList();
        Input.Version = current.Version;
    }

    /// <summary>
    /// Organisations that are not archived (plus the current owner), sector skills councils and
    /// other standard-setting bodies first, since they own most suites.
    /// </summary>
    private async Task LoadListsAsync()
    {
        var current = _currentOwner;
        var organisations = await db.Organisations.AsNoTracking().Where(o => o.ArchivedAt == null || o.Id == current)
            .Select(o => new { o.Id, o.Name, o.Acronym, o.Type }).ToListAsync();
        var setters = new SelectListGroup { Name = "Sector skills councils and professional bodies" };
        var others = new SelectListGroup { Name = "Other organisations" };
        Owners = organisations
            .Select(o => (o, Group: o.Type is "sector-skills-council" or "professional-body" ? setters : others))
            .OrderBy(x => x.Group == setters ? 0 : 1).ThenBy(x => x.o.Name, StringComparer.OrdinalIgnoreCase)
            .Select(x => new SelectListItem(x.o.Acronym is null || x.o.Acronym == x.o.Name ? x.o.Name : $"{x.o.Name} ({x.o.Acronym})", x.o.Id.ToString()) { Group = x.Group })
            .ToList();
    }
}
