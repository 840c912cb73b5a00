using System.Data;
using Dapper;
using FluentValidation;
using Iqf.Admin.Web.Lists;
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
/// Adds a link (no id): an address and the record it belongs to. Addresses are compared in the
/// database's normalised form (normalise_url), so an address already recorded in another
/// spelling gets the new record added to it instead of a second copy. With an id, changes the
/// address of an existing link (a typo, a page that moved), for every record that points at it.
/// </summary>
public class EditModel(IqfDbContext db, IValidator<LinkForm> validator) : PageModel
{
    private sealed record Normalised(string? Url, string? Host);

    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public LinkForm Input { get; set; } = new();

    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public List<DetailsModel.Owner> Owners { get; private set; } = [];
    public bool IsNew => Id is null;

    private static readonly Dictionary<string, (string Field, string Message)> Constraints = new()
    {
        ["external_link_normalized_url_key"] = ("Input.Url", "Someone else recorded this address a moment ago: save again to use it"),
        ["external_link_url_check"] = ("Input.Url", LinkRules.UrlMessage),
        ["external_link_normalized_url_check"] = ("Input.Url", LinkRules.UrlMessage),
        ["link_owner_link_id_qualification_id_organisation_id_job_rol_key"] = ("Input.OwnerKey", "That record was given this link a moment ago"),
        ["link_owner_qualification_id_fkey"] = ("Input.OwnerKey", "That record was deleted a moment ago"),
        ["link_owner_organisation_id_fkey"] = ("Input.OwnerKey", "That record was deleted a moment ago"),
        ["link_owner_job_role_id_fkey"] = ("Input.OwnerKey", "That record was deleted a moment ago"),
        ["link_owner_provider_offering_id_fkey"] = ("Input.OwnerKey", "That record was deleted a moment ago"),
        ["link_owner_source_document_id_fkey"] = ("Input.OwnerKey", "That record was deleted a moment ago"),
    };

    /// <param name="kind">an owner kind to start the add form with, e.g. from a record's page</param>
    /// <param name="key">that owner's key</param>
    public async Task<IActionResult> OnGetAsync(string? kind, string? key)
    {
        if (Id is not null)
        {
            var link = await db.ExternalLinks.AsNoTracking().FirstOrDefaultAsync(l => l.Id == Id);
            if (link is null) return NotFound();
            Input = new LinkForm { Url = link.Url, Version = link.Version };
            await LoadOwnersAsync();
        }
        else
        {
            Input = new LinkForm { OwnerKind = kind is not null && LinkVocabulary.OwnerKinds.Contains(kind) ? kind : null, OwnerKey = LinkForm.Text(key) };
        }
        Input.LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        ExternalLink? link = null;
        if (Id is not null)
        {
            link = await db.ExternalLinks.FirstOrDefaultAsync(l => l.Id == Id);
            if (link is null) return NotFound();
            await LoadOwnersAsync();
        }
        Input.Adding = Id is null;
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var url = Input.Url!.Trim();
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        // Opened through EF, so its interceptor names the person in the history.
        await db.Database.OpenConnectionAsync();
        // The database's own normalise_url decides what "the same address" is, so the pages,
        // the seed and the imports can never disagree about it.
        var normalised = await conn.QuerySingleAsync<Normalised>("select normalise_url(@url) as \"Url\", url_host(@url) as \"Host\"", new { url });
        if (normalised.Url is null || string.IsNullOrWhiteSpace(normalised.Host))
        {
            ModelState.AddModelError("Input.Url", LinkRules.UrlMessage);
            return Page();
        }

        return link is null
            ? await AddAsync(conn, url, normalised, next)
            : await ChangeAddressAsync(conn, link, url, normalised, next);
    }

    private async Task<IActionResult> AddAsync(NpgsqlConnection conn, string url, Normalised normalised, string? next)
    {
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        var (owner, problem) = await LinkOwnerLookup.FindAsync(conn, tx.GetDbTransaction(), Input.OwnerKind!, Input.OwnerKey!);
        if (owner is null)
        {
            ModelState.AddModelError("Input.OwnerKey", problem!);
            return Page();
        }
        var link = await db.ExternalLinks.FirstOrDefaultAsync(l => l.NormalizedUrl == normalised.Url);
        var existed = link is not null;
        var column = LinkVocabulary.OwnerColumn(Input.OwnerKind!);
        if (link is not null && await conn.ExecuteScalarAsync<bool>(
                $"select exists (select 1 from link_owner where link_id = @link and {column} = @owner)", new { link = link.Id, owner = owner.Id }, tx.GetDbTransaction()))
        {
            ModelState.AddModelError("Input.OwnerKey", $"{owner.Label} already has this link ({link.Url}): change its purpose on the link's page instead");
            return Page();
        }
        if (link is null)
        {
            link = new ExternalLink { Url = url, NormalizedUrl = normalised.Url!, Host = normalised.Host! };
            db.ExternalLinks.Add(link);
        }
        else
        {
            // A new owner is a change to the link: anyone editing it meanwhile is told.
            link.UpdatedAt = DateTimeOffset.UtcNow;
        }
        var row = new LinkOwner { Purpose = LinkForm.Text(Input.Purpose) };
        SetOwner(row, Input.OwnerKind!, owner.Id);
        link.Owners.Add(row);
        if (!await SaveAsync(tx)) return Page();
        TempData["Success"] = existed
            ? $"{url} was already recorded{(link.Url == url ? "" : $" as {link.Url}")}: added {owner.Label} to it"
            : $"Added the link to {owner.Label}";
        return Redirect(ListLinks.AfterSave("/Links", link.Id, next, ReturnUrl));
    }

    private async Task<IActionResult> ChangeAddressAsync(NpgsqlConnection conn, ExternalLink link, string url, Normalised normalised, string? next)
    {
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        if (normalised.Url != link.NormalizedUrl)
        {
            var taken = await conn.QueryFirstOrDefaultAsync<string>(
                "select url from external_link where normalized_url = @n and id <> @id", new { n = normalised.Url, id = link.Id }, tx.GetDbTransaction());
            if (taken is not null)
            {
                ModelState.AddModelError("Input.Url",
                    $"{taken} is already recorded as another link: add this link's records to that one and remove them here, rather than having the address twice");
                return Page();
            }
            // Another address: what the checker found about the old one no longer applies.
            link.NormalizedUrl = normalised.Url!;
            link.Host = normalised.Host!;
            link.State = "unchecked";
            link.FinalUrl = null;
            link.LastStatus = null;
            link.LastErrorKind = null;
            link.LastError = null;
            link.Warning = null;
            link.ConsecutiveFailures = 0;
            link.FirstFailedAt = null;
            link.LastCheckedAt = null;
        }
        link.Url = url;
        // The version the editor started from: EF puts it in the WHERE of the UPDATE.
        db.Entry(link).Property(x => x.Version).OriginalValue = Input.Version;
        if (!await SaveAsync(tx)) return Page();
        TempData["Success"] = $"Saved the address {link.Url}";
        return Redirect(ListLinks.AfterSave("/Links", link.Id, next, ReturnUrl));
    }

    public static void SetOwner(LinkOwner row, string kind, long id)
    {
        switch (kind)
        {
            case "qualification": row.QualificationId = id; break;
            case "organisation": row.OrganisationId = id; break;
            case "role": row.JobRoleId = id; break;
            case "provider": row.ProviderOfferingId = id; break;
            case "document": row.SourceDocumentId = id; break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an owner kind");
        }
    }

    /// <summary>Saves and commits; on a stale version or a refusal by the database, explains it on the form and returns false.</summary>
    private async Task<bool> SaveAsync(IDbContextTransaction tx)
    {
        try
        {
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return true;
        }
        catch (DbUpdateConcurrencyException) when (Id is null)
        {
            // Adding checks no version of its own: the existing link it joined changed in the same instant.
            await tx.RollbackAsync();
            db.ChangeTracker.Clear();
            ModelState.AddModelError("", "Someone changed this address's link at the same moment. Nothing was saved: save again");
            return false;
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync();
            await ShowConflictAsync();
            return false;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException pg)
        {
            await tx.RollbackAsync();
            db.ChangeTracker.Clear();
            EditConflict.AddDatabaseError(ModelState, pg, Constraints);
            return false;
        }
    }

    /// <summary>
    /// Someone changed this link after the editor opened it. Show what they changed, keep the
    /// editor's address in the form, and move the form's version on so that saving again, after
    /// reading, applies it on top.
    /// </summary>
    private async Task ShowConflictAsync()
    {
        db.ChangeTracker.Clear();
        var current = await db.ExternalLinks.AsNoTracking().FirstOrDefaultAsync(l => l.Id == Id);
        if (current is null)
        {
            ModelState.AddModelError("", "This link was removed by someone else while you were editing it");
            return;
        }
        Conflict = await LinkConflict.SinceAsync(db.Database.GetDbConnection(), current.Id, Input.LoadedAt);
        await LoadOwnersAsync();
        Input.Version = current.Version;
        ModelState.Remove("Input.Version");
        if (Conflict.Count == 0)
            // Only the link checker's bookkeeping moved (it is not in the history): nothing to read, but say so.
            ModelState.AddModelError("", $"The link checker checked this link while you were editing it (it is now {LinkVocabulary.StateLabel(current.State).ToLowerInvariant()}). Your change has not been saved yet: save again to apply it");
        else
            EditConflict.AddConflictError(ModelState, "link");
    }

    private async Task LoadOwnersAsync()
    {
        Owners = (await db.Database.GetDbConnection().QueryAsync<DetailsModel.Owner>("""
            select k.link_owner_id as "OwnerRowId", k.owner_kind as "Kind", k.owner_id as "RecordId", k.owner_label as "Label", k.purpose as "Purpose"
            from link_owner_key k where k.link_id = @id order by k.owner_kind collate "C", k.owner_label collate "C"
            """, new { id = Id })).ToList();
    }
}
