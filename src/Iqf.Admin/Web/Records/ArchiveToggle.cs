using System.Linq.Expressions;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Web.Records;

/// <summary>
/// Archive and Restore pages for any curated record: a confirmation page, then a save that
/// carries the row version the person confirmed (a stale confirmation is a conflict). Each kind
/// declares two tiny page models, e.g. <c>class ArchiveModel(IqfDbContext db) : ArchiveToggleModel&lt;Organisation&gt;(db, archiving: true)</c>.
/// </summary>
public abstract class ArchiveToggleModel<T>(IqfDbContext db, bool archiving) : ArchiveToggleModel<T, long>(db, archiving) where T : CuratedRecord;

/// <summary>
/// The same for any archivable record whatever its key type (clustering schemes and clusters
/// have int ids). A kind may refuse the change while something depends on the record
/// (<see cref="RefusalAsync"/>) or warn about what it will affect (<see cref="WarningAsync"/>);
/// by default it does neither.
/// </summary>
public abstract class ArchiveToggleModel<T, TKey>(IqfDbContext db, bool archiving) : PageModel
    where T : class, IArchivableRecord<TKey> where TKey : struct
{
    [BindProperty(SupportsGet = true)] public TKey Id { get; set; }
    [BindProperty] public uint Version { get; set; }
    public T Record { get; private set; } = null!;
    public bool Archiving => archiving;
    /// <summary>Why the record cannot be archived (or restored) as things stand; null when it can.</summary>
    public string? Refusal { get; private set; }
    /// <summary>What the person should know before confirming; null when there is nothing to say.</summary>
    public string? Warning { get; private set; }

    /// <summary>Where the record's own page is, e.g. "/Qualifications/Details/5".</summary>
    protected abstract string DetailsPath { get; }
    /// <summary>How the record is named in messages.</summary>
    public abstract string Describe(T record);
    /// <summary>A reason to refuse archiving (or restoring) this record now, or null.</summary>
    protected virtual Task<string?> RefusalAsync(T record) => Task.FromResult<string?>(null);
    /// <summary>A warning to show on the confirmation page, or null.</summary>
    protected virtual Task<string?> WarningAsync(T record) => Task.FromResult<string?>(null);

    public async Task<IActionResult> OnGetAsync()
    {
        var record = await db.Set<T>().AsNoTracking().FirstOrDefaultAsync(ById());
        if (record is null) return NotFound();
        Record = record;
        Version = record.Version;
        if ((record.ArchivedAt is null) == archiving)
        {
            Refusal = await RefusalAsync(record);
            Warning = await WarningAsync(record);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var record = await db.Set<T>().FirstOrDefaultAsync(ById());
        if (record is null) return NotFound();
        Record = record;
        if ((record.ArchivedAt is null) != archiving)
        {
            TempData["Success"] = $"{Describe(record)} was already {(archiving ? "archived" : "restored")}";
            return Redirect(DetailsPath);
        }
        Refusal = await RefusalAsync(record);
        if (Refusal is not null)
        {
            ModelState.AddModelError("", Refusal);
            return Page();
        }
        // By name, so that it works for any key type; EF puts the version in the UPDATE's WHERE.
        db.Entry(record).Property(nameof(IArchivableRecord<TKey>.Version)).OriginalValue = Version;
        record.ArchivedAt = archiving ? DateTimeOffset.UtcNow : null;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Record = await db.Set<T>().AsNoTracking().FirstAsync(ById());
            Version = Record.Version;
            Warning = await WarningAsync(Record);
            ModelState.Remove(nameof(Version));
            ModelState.AddModelError("", "Someone else changed this record after you opened this page. Check it is still the one you mean, then confirm again");
            return Page();
        }
        TempData["Success"] = $"{(archiving ? "Archived" : "Restored")} {Describe(record)}";
        return Redirect(DetailsPath);
    }

    /// <summary>
    /// r => r.Id == Id, built on the entity's own Id property: a lambda written against the
    /// interface would reach EF as a cast to it, which its translation need not accept.
    /// </summary>
    private Expression<Func<T, bool>> ById()
    {
        var r = Expression.Parameter(typeof(T), "r");
        Expression<Func<TKey>> id = () => Id;
        return Expression.Lambda<Func<T, bool>>(Expression.Equal(Expression.Property(r, nameof(IArchivableRecord<TKey>.Id)), id.Body), r);
    }
}
