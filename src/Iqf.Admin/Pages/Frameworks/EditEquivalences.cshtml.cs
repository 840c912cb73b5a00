using Dapper;
using FluentValidation;
using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iqf.Admin.Pages.Frameworks;

/// <summary>
/// The equivalences of one level (?levelId=): add one to a level of another framework with a
/// note and source, or remove one after confirming (?remove=other level id). A pair is stored
/// once, lower id first, so "RQF 3 = QCF 3" and "QCF 3 = RQF 3" are the same row and the second
/// is refused. Each change carries the level's row version and moves it on, so a change made
/// from a page someone else has since changed is a conflict.
/// </summary>
public class EditEquivalencesModel(IqfDbContext db, IValidator<EquivalenceForm> validator) : PageModel
{
    public sealed record Row(int OtherId, int OtherFrameworkId, string OtherFramework, string OtherCode, string OtherName, bool OtherArchived,
        string? Note, string? Source);

    [BindProperty(SupportsGet = true)] public int LevelId { get; set; }
    /// <summary>The other level of the equivalence whose removal is being confirmed.</summary>
    [BindProperty(SupportsGet = true)] public int? Remove { get; set; }
    [BindProperty] public EquivalenceForm Input { get; set; } = new();

    public Level Level { get; private set; } = null!;
    public string LevelName => LevelNames.Describe(Level.Framework!.Code, Level.Code, Level.Name);
    public List<Row> Rows { get; private set; } = [];
    public Row? Removing => Remove is null ? null : Rows.FirstOrDefault(r => r.OtherId == Remove);
    public List<SelectListItem> Choices { get; private set; } = [];
    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public string Self => $"/Frameworks/EditEquivalences?levelId={LevelId}";

    private Dictionary<string, (string Field, string Message)> Constraints => new()
    {
        ["level_equivalence_pkey"] = ("Input.OtherLevelId", "These two levels were recorded as equivalent a moment ago"),
        ["level_equivalence_check"] = ("Input.OtherLevelId", "A level cannot be equivalent to itself"),
        ["level_equivalence_level_a_id_fkey"] = ("Input.OtherLevelId", "One of the levels was deleted a moment ago"),
        ["level_equivalence_level_b_id_fkey"] = ("Input.OtherLevelId", "One of the levels was deleted a moment ago"),
    };

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync(tracked: false)) return NotFound();
        Input = new EquivalenceForm { Version = Level.Version, LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection()) };
        return Page();
    }

    /// <summary>A post that names no action (the page's forms always do) changes nothing.</summary>
    public IActionResult OnPost() => Redirect(Self);

    public async Task<IActionResult> OnPostAddAsync()
    {
        if (!await LoadAsync(tracked: true)) return NotFound();
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var other = await db.Levels.AsNoTracking().Include(l => l.Framework).FirstOrDefaultAsync(l => l.Id == Input.OtherLevelId);
        var problem =
            other is null ? "Select a level from the list"
            : other.Id == Level.Id ? "A level cannot be equivalent to itself"
            : other.FrameworkId == Level.FrameworkId ? $"{LevelNames.Describe(other.Framework!.Code, other.Code, other.Name)} is in {Level.Framework!.Code} too: equivalences link levels of different frameworks"
            : Rows.Any(r => r.OtherId == other.Id) ? $"{LevelName} and {LevelNames.Describe(other.Framework!.Code, other.Code, other.Name)} are already recorded as equivalent"
            // The list offers current levels only; a stale page or a hand-made post may name an archived one.
            : other.ArchivedAt is not null || other.Framework!.ArchivedAt is not null
                ? $"{LevelNames.Describe(other.Framework!.Code, other.Code, other.Name)} is archived: restore it before recording equivalences with it"
            : null;
        if (problem is not null)
        {
            ModelState.AddModelError("Input.OtherLevelId", problem);
            return Page();
        }

        // Stored once, lower id first: the table's check and key make the pair symmetric.
        db.LevelEquivalences.Add(new LevelEquivalence
        {
            LevelAId = Math.Min(Level.Id, other!.Id), LevelBId = Math.Max(Level.Id, other.Id),
            Note = FrameworkForm.Trimmed(Input.Note), Source = FrameworkForm.Trimmed(Input.Source),
        });
        if (!await SaveWithLevelAsync()) return Page();
        TempData["Success"] = $"Recorded {LevelName} as equivalent to {LevelNames.Describe(other.Framework!.Code, other.Code, other.Name)}";
        return Redirect(Self);
    }

    public async Task<IActionResult> OnPostRemoveAsync(int otherLevelId)
    {
        if (!await LoadAsync(tracked: true)) return NotFound();
        // Whatever happens, the add form is shown empty again.
        Input = new EquivalenceForm { Version = Input.Version, LoadedAt = Input.LoadedAt };
        ModelState.Clear();
        Remove = null;
        var row = Rows.FirstOrDefault(r => r.OtherId == otherLevelId);
        var pair = row is null ? null
            : await db.LevelEquivalences.FirstOrDefaultAsync(e => e.LevelAId == Math.Min(LevelId, otherLevelId) && e.LevelBId == Math.Max(LevelId, otherLevelId));
        if (pair is null)
        {
            ModelState.AddModelError("", "That equivalence is not recorded for this level (any more)");
            return Page();
        }
        db.LevelEquivalences.Remove(pair);
        if (!await SaveWithLevelAsync()) return Page();
        TempData["Success"] = $"Removed the equivalence between {LevelName} and {LevelNames.Describe(row!.OtherFramework, row.OtherCode, row.OtherName)}";
        return Redirect(Self);
    }

    /// <summary>Saves the pending equivalence change together with an update of the level that checks and moves its version.</summary>
    private async Task<bool> SaveWithLevelAsync()
    {
        db.Entry(Level).Property(x => x.Version).OriginalValue = Input.Version;
        // Only updated_at changes, which the history does not record on its own; the new row version is the point.
        Level.UpdatedAt = DateTimeOffset.UtcNow;
        try
        {
            // One SaveChanges is one transaction: a refused version undoes the equivalence change too.
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            if (!await LoadAsync(tracked: false))
            {
                ModelState.AddModelError("", "This level was deleted by someone else a moment ago");
                return false;
            }
            Conflict = await ChangesSinceAsync();
            Input.Version = Level.Version;
            ModelState.Remove("Input.Version");
            ModelState.AddModelError("", "Someone else changed this level or its equivalences after you opened this page. Their changes are listed below; yours has not been saved. Check, then make it again");
            return false;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException pg)
        {
            db.ChangeTracker.Clear();
            EditConflict.AddDatabaseError(ModelState, pg, Constraints);
            await LoadAsync(tracked: false);
            return false;
        }
    }

    /// <summary>The level's own field changes and the equivalences added or removed on either side of it since the page was shown.</summary>
    private async Task<List<EditConflict.Change>> ChangesSinceAsync()
    {
        var conn = db.Database.GetDbConnection();
        var changes = await EditConflict.SinceAsync(conn, "level", LevelId, Input.LoadedAt);
        changes.AddRange(await conn.QueryAsync<EditConflict.Change>("""
            select h.occurred_at as "OccurredAt", h.actor as "Actor",
                   'equivalence ' || case h.operation when 'I' then 'added' when 'D' then 'removed' else 'changed' end as "What",
                   (select f.code::text || ' ' || o.code::text from level o join level_framework f on f.id = o.framework_id
                    where o.id = case when (h.row_key ->> 'level_a_id')::int = @id then (h.row_key ->> 'level_b_id')::int
                                      else (h.row_key ->> 'level_a_id')::int end) as "Theirs"
            from history h
            where h.table_name = 'level_equivalence' and h.occurred_at >= @since
              and (h.row_key @> jsonb_build_object('level_a_id', @id) or h.row_key @> jsonb_build_object('level_b_id', @id))
            order by h.id
            """, new { id = LevelId, since = DateTimeOffset.FromUnixTimeMilliseconds(Input.LoadedAt) }));
        return changes.OrderBy(c => c.OccurredAt).ToList();
    }

    /// <summary>The level, its equivalences and the levels it could be made equivalent to; false when the level is unknown.</summary>
    private async Task<bool> LoadAsync(bool tracked)
    {
        var levels = tracked ? db.Levels : db.Levels.AsNoTracking();
        var level = await levels.Include(l => l.Framework).FirstOrDefaultAsync(l => l.Id == LevelId);
        if (level is null) return false;
        Level = level;
        var conn = db.Database.GetDbConnection();
        Rows = (await conn.QueryAsync<Row>("""
            select o.id as "OtherId", f.id as "OtherFrameworkId", f.code::text as "OtherFramework", o.code::text as "OtherCode", o.name as "OtherName",
                   o.archived_at is not null as "OtherArchived", e.note as "Note", e.source as "Source"
            from level_equivalence e
            join level o on o.id = case when e.level_a_id = @id then e.level_b_id else e.level_a_id end
            join level_framework f on f.id = o.framework_id
            where @id in (e.level_a_id, e.level_b_id)
            order by f.code, o.ordinal
            """, new { id = LevelId })).ToList();
        // Current levels of the other current frameworks not yet equivalent to this one, ladder by ladder.
        Choices = (await conn.QueryAsync<(int Id, string Framework, string Code, string Name)>("""
            select l.id, f.code::text, l.code::text, l.name
            from level l join level_framework f on f.id = l.framework_id
            where l.framework_id <> @framework and l.archived_at is null and f.archived_at is null and not l.id = any (@taken)
            order by f.code, l.ordinal
            """, new { framework = level.FrameworkId, taken = Rows.Select(r => r.OtherId).ToArray() }))
            .Select(c => new SelectListItem(LevelNames.Describe(c.Framework, c.Code, c.Name), c.Id.ToString())).ToList();
        return true;
    }
}
