using System.Data;
using Dapper;
using FluentValidation;
using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Iqf.Admin.Pages.Links;

/// <summary>
/// Adds a record to an existing link (no owner given), or changes why a record points at it
/// (?owner=ID, a link_owner row). The records belong to the link, so each change carries the
/// link's row version and moves it on: a change made from a page someone else has since changed
/// is a conflict, listed, never a silent overwrite.
/// </summary>
public class EditOwnerModel(IqfDbContext db, IValidator<LinkOwnerForm> validator) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    /// <summary>The link_owner row whose purpose is being changed; none when adding a record.</summary>
    [BindProperty(SupportsGet = true)] public long? Owner { get; set; }
    [BindProperty] public LinkOwnerForm Input { get; set; } = new();

    public ExternalLink Link { get; private set; } = null!;
    /// <summary>The owner being changed, as people read it.</summary>
    public DetailsModel.Owner? Changing { get; private set; }
    public List<EditConflict.Change> Conflict { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync(tracked: false) || (Owner is not null && Changing is null)) return NotFound();
        Input = new LinkOwnerForm { Version = Link.Version, Purpose = Changing?.Purpose };
        Input.LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync(tracked: true)) return NotFound();
        if (Owner is not null && Changing is null)
        {
            TempData["Success"] = "Someone removed that record from this link a moment ago, so there was nothing to change";
            return Redirect($"/Links/Details/{Id}");
        }
        Input.PurposeOnly = Changing is not null;
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var purpose = LinkForm.Text(Input.Purpose);
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        string done;
        if (Changing is not null)
        {
            var row = await db.LinkOwners.FirstAsync(o => o.Id == Changing.OwnerRowId);
            row.Purpose = purpose;
            done = $"Saved the purpose of the link for {Changing.Label}";
        }
        else
        {
            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            var (owner, problem) = await LinkOwnerLookup.FindAsync(conn, tx.GetDbTransaction(), Input.OwnerKind!, Input.OwnerKey!);
            if (owner is null)
            {
                ModelState.AddModelError("Input.OwnerKey", problem!);
                return Page();
            }
            if (await conn.ExecuteScalarAsync<bool>($"select exists (select 1 from link_owner where link_id = @Id and {LinkVocabulary.OwnerColumn(Input.OwnerKind!)} = @owner)",
                    new { Id, owner = owner.Id }, tx.GetDbTransaction()))
            {
                ModelState.AddModelError("Input.OwnerKey", $"{owner.Label} already has this link");
                return Page();
            }
            var row = new LinkOwner { LinkId = Id, Purpose = purpose };
            EditModel.SetOwner(row, Input.OwnerKind!, owner.Id);
            db.LinkOwners.Add(row);
            done = $"Added {owner.Label} to this link";
        }
        // The change is to the link as a whole: the version the editor started from must still be current.
        db.Entry(Link).Property(x => x.Version).OriginalValue = Input.Version;
        Link.UpdatedAt = DateTimeOffset.UtcNow;
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
            EditConflict.AddDatabaseError(ModelState, pg, new Dictionary<string, (string, string)>
            {
                ["link_owner_link_id_qualification_id_organisation_id_job_rol_key"] = ("Input.OwnerKey", "That record was given this link a moment ago"),
                ["link_owner_link_id_fkey"] = ("", "This link was removed a moment ago"),
            });
            return Page();
        }
        TempData["Success"] = done;
        return Redirect($"/Links/Details/{Id}");
    }

    /// <summary>The link and, when one is named, the owner row of it being changed; false when the link does not exist.</summary>
    private async Task<bool> LoadAsync(bool tracked)
    {
        var query = tracked ? db.ExternalLinks : db.ExternalLinks.AsNoTracking();
        var link = await query.FirstOrDefaultAsync(l => l.Id == Id);
        if (link is null) return false;
        Link = link;
        if (Owner is not null)
        {
            Changing = await db.Database.GetDbConnection().QueryFirstOrDefaultAsync<DetailsModel.Owner>("""
                select k.link_owner_id as "OwnerRowId", k.owner_kind as "Kind", k.owner_id as "RecordId", k.owner_label as "Label", k.purpose as "Purpose"
                from link_owner_key k where k.link_owner_id = @Owner and k.link_id = @Id
                """, new { Owner, Id });
        }
        return true;
    }

    private async Task ShowConflictAsync()
    {
        db.ChangeTracker.Clear();
        var current = await db.ExternalLinks.AsNoTracking().FirstOrDefaultAsync(l => l.Id == Id);
        if (current is null)
        {
            ModelState.AddModelError("", "This link was removed by someone else while you were editing it");
            return;
        }
        Link = current;
        Conflict = await LinkConflict.SinceAsync(db.Database.GetDbConnection(), Id, Input.LoadedAt);
        Input.Version = current.Version;
        ModelState.Remove("Input.Version");
        if (Conflict.Count == 0)
            ModelState.AddModelError("", $"The link checker checked this link while you were editing it (it is now {LinkVocabulary.StateLabel(current.State).ToLowerInvariant()}). Your change has not been saved yet: save again to apply it");
        else
            EditConflict.AddConflictError(ModelState, "link");
    }
}
