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

namespace Iqf.Admin.Pages.Offerings;

/// <summary>
/// Adds a provider offering (no id) or edits one: which qualification (by reference), which
/// provider, where and how it is studied, what it costs, its web page. The same qualification,
/// provider, region and mode twice is refused by the database's unique key and shown beside the
/// provider; the web page is kept in step with the link checker's tables in the same transaction
/// (see <see cref="OfferingLink"/>); a save over someone else's newer change is a conflict.
/// </summary>
public class EditModel(IqfDbContext db, IValidator<OfferingForm> validator) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    /// <summary>A qualification to start a new offering with (from a link that names it).</summary>
    [BindProperty(SupportsGet = true)] public string? Qualification { get; set; }
    [BindProperty] public OfferingForm Input { get; set; } = new();

    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public string? ArchivedNotice { get; private set; }
    public List<SelectListItem> Providers { get; private set; } = [];
    public bool IsNew => Id is null;
    private long? _currentProvider;

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is not null)
        {
            var o = await db.ProviderOfferings.AsNoTracking().Include(x => x.Qualification).FirstOrDefaultAsync(x => x.Id == Id);
            if (o is null) return NotFound();
            Input = OfferingForm.From(o, o.Qualification!.Reference);
            _currentProvider = o.ProviderId;
            if (o.ArchivedAt is not null) ArchivedNotice = "This offering is archived. Saving keeps it archived; restore it from its page.";
        }
        else Input.QualificationReference = QualificationReference.Normalise(Qualification);
        // The database's clock, since it is the one that stamps the history.
        Input.LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        await LoadListsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        ProviderOffering? o = null;
        if (Id is not null)
        {
            o = await db.ProviderOfferings.FirstOrDefaultAsync(x => x.Id == Id);
            if (o is null) return NotFound();
            _currentProvider = o.ProviderId;
        }
        await LoadListsAsync();
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);

        long? qualificationId = null;
        if (QualificationReference.Normalise(Input.QualificationReference) is { } reference)
        {
            qualificationId = await db.Qualifications.Where(q => q.Reference == reference).Select(q => (long?)q.Id).FirstOrDefaultAsync();
            if (qualificationId is null)
                ModelState.AddModelError("Input.QualificationReference", $"There is no qualification with reference {reference}. Check the reference, or add the qualification first");
        }
        if (Input.ProviderId is { } provider && !Providers.Any(p => p.Value == provider.ToString()))
            ModelState.AddModelError("Input.ProviderId", "Select the provider from the list");
        if (!ModelState.IsValid) return Page();

        var url = OfferingForm.Trimmed(Input.Url);
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        if (o is null)
        {
            o = new ProviderOffering();
            db.ProviderOfferings.Add(o);
        }
        else
        {
            // The version the editor started from: EF puts it in the WHERE of the UPDATE.
            db.Entry(o).Property(x => x.Version).OriginalValue = Input.Version;
        }
        o.QualificationId = qualificationId!.Value;
        o.ProviderId = Input.ProviderId!.Value;
        o.Region = Input.Region!;
        o.Mode = Input.Mode!;
        o.Cost = OfferingForm.ParseCost(Input.Cost);
        o.Url = url;
        o.ReviewIntervalMonths = string.IsNullOrWhiteSpace(Input.ReviewIntervalMonths) ? null : short.Parse(Input.ReviewIntervalMonths.Trim());
        try
        {
            await db.SaveChangesAsync();
            await OfferingLink.SyncAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), o.Id, url);
            await tx.CommitAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync();
            await ShowConflictAsync();
            return Page();
        }
        catch (Exception e) when (e is DbUpdateException { InnerException: PostgresException } or PostgresException)
        {
            await tx.RollbackAsync();
            db.ChangeTracker.Clear();
            EditConflict.AddDatabaseError(ModelState, e as PostgresException ?? (PostgresException)e.InnerException!, Constraints());
            return Page();
        }

        TempData["Success"] = $"{(Id is null ? "Added" : "Saved")} the offering of {QualificationReference.Normalise(Input.QualificationReference)}";
        return Redirect(ListLinks.AfterSave("/Offerings", o.Id, next, ReturnUrl));
    }

    private Dictionary<string, (string Field, string Message)> Constraints()
    {
        var provider = Providers.FirstOrDefault(p => p.Value == Input.ProviderId?.ToString())?.Text ?? "This provider";
        var where = $"{OfferingSearch.RegionLabel(Input.Region ?? "")}, {OfferingSearch.ModeLabel(Input.Mode ?? "").ToLowerInvariant()}";
        var web = ("Input.Url", "Enter the web page as a full address starting with http:// or https://");
        return new()
        {
            ["provider_offering_qualification_id_provider_id_region_mode_key"] = ("Input.ProviderId",
                $"{provider} already offers {QualificationReference.Normalise(Input.QualificationReference)} in {where}: edit that offering instead"),
            ["provider_offering_cost_check"] = ("Input.Cost", "The cost cannot be negative"),
            ["provider_offering_url_check"] = web,
            ["external_link_url_check"] = web,
            ["external_link_normalized_url_check"] = web,
            ["provider_offering_region_check"] = ("Input.Region", "Select the region where it is offered"),
            ["provider_offering_mode_check"] = ("Input.Mode", "Select how it is studied"),
            ["provider_offering_qualification_id_fkey"] = ("Input.QualificationReference", "That qualification was deleted a moment ago"),
            ["provider_offering_provider_id_fkey"] = ("Input.ProviderId", "The chosen provider was deleted a moment ago: select another"),
            ["provider_offering_review_interval_months_check"] = ("Input.ReviewIntervalMonths", "The review interval must be a whole number of months from 1 to 120"),
        };
    }

    /// <summary>
    /// Someone saved this offering after the editor opened it. Show what they changed (the
    /// qualification by reference and the provider by name), keep the editor's own values in the
    /// form, and move the form's version on so that saving again applies them on top.
    /// </summary>
    private async Task ShowConflictAsync()
    {
        var current = await EditConflict.ReloadAsync(db, ModelState, db.ProviderOfferings, x => x.Id == Id, "offering");
        if (current is null) return;
        Conflict = (await db.Database.GetDbConnection().QueryAsync<EditConflict.Change>("""
            select h.occurred_at as "OccurredAt", h.actor as "Actor",
                   case f when 'qualification_id' then 'qualification' when 'provider_id' then 'provider' else replace(f, '_', ' ') end as "What",
                   case f when 'qualification_id' then (select q.reference || ' ' || q.title from qualification q where q.id = (h.after ->> f)::bigint)
                          when 'provider_id' then (select o.name::text from organisation o where o.id = (h.after ->> f)::bigint)
                          else h.after ->> f end as "Theirs"
            from history h cross join lateral unnest(h.changed_fields) f
            where h.table_name = 'provider_offering' and h.row_key = jsonb_build_object('id', @id::bigint) and h.operation = 'U'
              and h.occurred_at >= @since and f <> 'updated_at'
            order by h.id
            """, new { id = current.Id, since = DateTimeOffset.FromUnixTimeMilliseconds(Input.LoadedAt) })).ToList();
        Input.Version = current.Version;
    }

    /// <summary>
    /// Organisations that are not archived (plus the current provider): those that usually offer
    /// courses first (training providers, colleges, universities, employers), then the rest, since
    /// awarding bodies and others sometimes run courses too.
    /// </summary>
    private async Task LoadListsAsync()
    {
        var current = _currentProvider;
        var organisations = await db.Organisations.AsNoTracking().Where(x => x.ArchivedAt == null || x.Id == current)
            .Select(x => new { x.Id, x.Name, x.Acronym, x.Type }).ToListAsync();
        var providers = new SelectListGroup { Name = "Training providers, colleges, universities and employers" };
        var others = new SelectListGroup { Name = "Other organisations" };
        Providers = organisations
            .Select(x => (x, Group: x.Type is "training-provider" or "further-education" or "higher-education" or "employer" ? providers : others))
            .OrderBy(p => p.Group == providers ? 0 : 1).ThenBy(p => p.x.Name, StringComparer.OrdinalIgnoreCase)
            .Select(p => new SelectListItem(p.x.Acronym is null || p.x.Acronym == p.x.Name ? p.x.Name : $"{p.x.Name} ({p.x.Acronym})", p.x.Id.ToString()) { Group = p.Group })
            .ToList();
    }
}
