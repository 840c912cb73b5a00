using Dapper;
using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Iqf.Admin.Pages.Links;

/// <summary>
/// Takes a record off a link (?owner=ID, a link_owner row), after a confirmation that carries the
/// link's row version. Editors may do this (the page name starts with Edit): it removes a pointer,
/// not a curated record, and the history keeps what was removed and by whom.
///
/// When the last record goes, the link goes with it, check history included. A link exists to be
/// checked on behalf of the records that point at it: kept without owners it would be checked
/// every night for nobody, show on the broken-links view with no record to fix, and export as a
/// row with no owner. If a record needs the address again, adding it makes a fresh link. A link
/// that arrived with no owner at all (an import row with only a URL) can be removed here too,
/// without naming an owner.
/// </summary>
public class EditRemoveModel(IqfDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public long? Owner { get; set; }
    [BindProperty] public uint Version { get; set; }
    [BindProperty] public long LoadedAt { get; set; }

    public ExternalLink Link { get; private set; } = null!;
    public DetailsModel.Owner? Removing { get; private set; }
    /// <summary>How many records use the link besides the one being removed.</summary>
    public int OtherOwners { get; private set; }
    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public bool RemovesLink => OtherOwners == 0;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync(tracked: false)) return NotFound();
        Version = Link.Version;
        LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync(tracked: true))
        {
            if (Owner is null || !await db.ExternalLinks.AnyAsync(l => l.Id == Id)) return NotFound();
            TempData["Success"] = "That record had already been removed from this link";
            return Redirect($"/Links/Details/{Id}");
        }
        await using var tx = await db.Database.BeginTransactionAsync();
        if (Removing is not null) db.LinkOwners.Remove(await db.LinkOwners.FirstAsync(o => o.Id == Removing.OwnerRowId));
        db.Entry(Link).Property(x => x.Version).OriginalValue = Version;
        // Deleting the link (its checks go with it through the foreign key) or touching it: either
        // way the statement checks the version the person confirmed.
        if (RemovesLink) db.ExternalLinks.Remove(Link);
        else Link.UpdatedAt = DateTimeOffset.UtcNow;
        try
        {
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync();
            db.ChangeTracker.Clear();
            // Show the page again as it now is, with what changed, for the person to confirm again or not.
            if (!await LoadAsync(tracked: false))
            {
                TempData["Success"] = "Someone else removed this link a moment ago";
                return Redirect("/Links");
            }
            Conflict = await LinkConflict.SinceAsync(db.Database.GetDbConnection(), Id, LoadedAt);
            Version = Link.Version;
            ModelState.Remove(nameof(Version));
            ModelState.AddModelError("", Conflict.Count == 0
                ? "The link checker checked this link after you opened this page. Nothing was removed: confirm again if you still want to"
                : "Someone else changed this link after you opened this page. Their changes are listed below; nothing was removed: confirm again if you still want to");
            return Page();
        }
        var what = Removing is null ? "" : $"Removed {Removing.Label} from the link. ";
        if (RemovesLink)
        {
            TempData["Success"] = what + (Removing is null ? $"Removed the link {Link.Url}" : "No other record used it, so the link was removed too") + ". Its history is kept.";
            return Redirect("/Links");
        }
        TempData["Success"] = what.Trim();
        return Redirect($"/Links/Details/{Id}");
    }

    /// <summary>
    /// The link and the owner row being removed. False (a 404) when the link does not exist, when
    /// the owner named is not one of its records, or when no owner is named and the link has some:
    /// removing a whole link that records use is not what this page is for.
    /// </summary>
    private async Task<bool> LoadAsync(bool tracked)
    {
        var link = await (tracked ? db.ExternalLinks : db.ExternalLinks.AsNoTracking()).FirstOrDefaultAsync(l => l.Id == Id);
        if (link is null) return false;
        Link = link;
        var conn = db.Database.GetDbConnection();
        if (Owner is not null)
        {
            Removing = await conn.QueryFirstOrDefaultAsync<DetailsModel.Owner>("""
                select k.link_owner_id as "OwnerRowId", k.owner_kind as "Kind", k.owner_id as "RecordId", k.owner_label as "Label", k.purpose as "Purpose"
                from link_owner_key k where k.link_owner_id = @Owner and k.link_id = @Id
                """, new { Owner, Id }, db.Database.CurrentTransaction?.GetDbTransaction());
            if (Removing is null) return false;
        }
        OtherOwners = await conn.ExecuteScalarAsync<int>("select count(*)::int from link_owner where link_id = @Id and id <> coalesce(@Owner, 0)",
            new { Id, Owner }, db.Database.CurrentTransaction?.GetDbTransaction());
        return Owner is not null || OtherOwners == 0;
    }
}
