using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Pages.Frameworks;

/// <summary>
/// Archive and Restore for frameworks and levels: a confirmation page, then a save carrying the
/// row version the person confirmed (a stale confirmation is a conflict). Web/Records'
/// ArchiveToggleModel needs a CuratedRecord (long id, review columns); these tables have int ids
/// and no review columns, so this does the same through EF's by-name property access.
/// </summary>
public abstract class ReferenceArchiveToggleModel<T>(IqfDbContext db, bool archiving) : PageModel where T : class
{
    [BindProperty] public uint Version { get; set; }
    public T Record { get; private set; } = null!;
    public bool Archiving => archiving;

    protected abstract int RecordId { get; }
    /// <summary>Where the record is shown, e.g. "/Frameworks/Details/3".</summary>
    public abstract string DetailsPath { get; }
    /// <summary>How the record is named in messages.</summary>
    public abstract string Describe(T record);
    /// <summary>What to load with the record so that <see cref="Describe"/> can name it.</summary>
    protected virtual IQueryable<T> Query(IQueryable<T> set) => set;

    private Task<T?> FindAsync(bool tracked)
    {
        var query = Query(db.Set<T>());
        if (!tracked) query = query.AsNoTracking();
        return query.FirstOrDefaultAsync(x => EF.Property<int>(x, "Id") == RecordId);
    }

    private uint VersionOf(T record) => db.Entry(record).Property<uint>("Version").CurrentValue;

    public async Task<IActionResult> OnGetAsync()
    {
        var record = await FindAsync(tracked: false);
        if (record is null) return NotFound();
        Record = record;
        Version = VersionOf(record);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var record = await FindAsync(tracked: true);
        if (record is null) return NotFound();
        Record = record;
        var archivedAt = db.Entry(record).Property<DateTimeOffset?>("ArchivedAt");
        if ((archivedAt.CurrentValue is null) != archiving)
        {
            TempData["Success"] = $"{Describe(record)} was already {(archiving ? "archived" : "restored")}";
            return Redirect(DetailsPath);
        }
        db.Entry(record).Property<uint>("Version").OriginalValue = Version;
        archivedAt.CurrentValue = archiving ? DateTimeOffset.UtcNow : null;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Record = (await FindAsync(tracked: false))!;
            Version = VersionOf(Record);
            ModelState.Remove(nameof(Version));
            ModelState.AddModelError("", "Someone else changed this record after you opened this page. Check it is still the one you mean, then confirm again");
            return Page();
        }
        TempData["Success"] = $"{(archiving ? "Archived" : "Restored")} {Describe(record)}";
        return Redirect(DetailsPath);
    }
}

public class ArchiveModel(IqfDbContext db) : ReferenceArchiveToggleModel<LevelFramework>(db, archiving: true)
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    protected override int RecordId => Id;
    public override string DetailsPath => $"/Frameworks/Details/{Id}";
    public override string Describe(LevelFramework f) => $"{f.Code} {f.Name}";
}

public class RestoreModel(IqfDbContext db) : ReferenceArchiveToggleModel<LevelFramework>(db, archiving: false)
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    protected override int RecordId => Id;
    public override string DetailsPath => $"/Frameworks/Details/{Id}";
    public override string Describe(LevelFramework f) => $"{f.Code} {f.Name}";
}

/// <summary>
/// A level is archived, never refused: archiving marks it as no longer to be used while the
/// qualifications and modules already at it keep it (unlike deletion, which needs it unused).
/// </summary>
public class ArchiveLevelModel(IqfDbContext db) : ReferenceArchiveToggleModel<Level>(db, archiving: true)
{
    [BindProperty(SupportsGet = true)] public int LevelId { get; set; }
    protected override int RecordId => LevelId;
    public override string DetailsPath => $"/Frameworks/Details/{Record.FrameworkId}#level-{LevelId}";
    public override string Describe(Level l) => LevelNames.Describe(l.Framework!.Code, l.Code, l.Name);
    protected override IQueryable<Level> Query(IQueryable<Level> set) => set.Include(l => l.Framework);
}

public class RestoreLevelModel(IqfDbContext db) : ReferenceArchiveToggleModel<Level>(db, archiving: false)
{
    [BindProperty(SupportsGet = true)] public int LevelId { get; set; }
    protected override int RecordId => LevelId;
    public override string DetailsPath => $"/Frameworks/Details/{Record.FrameworkId}#level-{LevelId}";
    public override string Describe(Level l) => LevelNames.Describe(l.Framework!.Code, l.Code, l.Name);
    protected override IQueryable<Level> Query(IQueryable<Level> set) => set.Include(l => l.Framework);
}
