using System.Data;
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
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Iqf.Admin.Pages.Organisations;

/// <summary>
/// Adds an organisation (no id) or edits one, aliases included. Names, aliases and recognition
/// numbers that another organisation already has are refused with that organisation named, a
/// predecessor that would make a loop is refused, and a save over someone else's newer change is
/// shown as a conflict rather than overwriting it.
/// </summary>
public class EditModel(IqfDbContext db, IValidator<OrganisationForm> validator) : PageModel
{
    private sealed record Taken(string Kind, string Value, string Holder);

    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public OrganisationForm Input { get; set; } = new();

    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public string? ArchivedNotice { get; private set; }
    public List<SelectListItem> Predecessors { get; private set; } = [];
    public bool IsNew => Id is null;

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is not null)
        {
            var o = await db.Organisations.AsNoTracking().Include(x => x.Aliases).FirstOrDefaultAsync(x => x.Id == Id);
            if (o is null) return NotFound();
            Input = OrganisationForm.From(o);
            if (o.ArchivedAt is not null) ArchivedNotice = "This organisation is archived. Saving keeps it archived; restore it from its page.";
        }
        // The database's clock, since it is the one that stamps the history.
        Input.LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        await LoadListsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        Organisation? o = null;
        if (Id is not null)
        {
            o = await db.Organisations.Include(x => x.Aliases).FirstOrDefaultAsync(x => x.Id == Id);
            if (o is null) return NotFound();
        }
        await LoadListsAsync();
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var name = Input.Name!.Trim();
        var aliases = Input.AliasValues;
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        // Two people choosing predecessors at once could each pass the loop check and together
        // make a loop; taking turns on this lock (held until commit) rules that out.
        if (Input.PredecessorId is not null)
            await conn.ExecuteAsync("select pg_advisory_xact_lock(hashtext('iqf:organisation:predecessor'))", transaction: tx.GetDbTransaction());
        if (!await CheckAgainstOthersAsync(conn, tx.GetDbTransaction(), name, aliases)) return Page();

        if (o is null)
        {
            o = new Organisation { CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
            db.Organisations.Add(o);
        }
        else
        {
            // The version the editor started from: EF puts it in the WHERE of the UPDATE.
            db.Entry(o).Property(x => x.Version).OriginalValue = Input.Version;
        }
        Apply(o, name);
        var removed = o.Aliases.Where(a => !aliases.Contains(a.Alias, StringComparer.Ordinal)).ToList();
        var added = aliases.Where(a => !o.Aliases.Any(x => x.Alias == a)).ToList();
        db.OrganisationAliases.RemoveRange(removed);
        // Aliases live in their own table, so changing only them would not touch the organisation's
        // row: touching it makes the row version check (and the conflict) cover aliases too.
        if (Id is not null && (removed.Count > 0 || added.Count > 0)) o.UpdatedAt = DateTimeOffset.UtcNow;

        try
        {
            // Removals are saved before additions so that changing only the capitals of an alias
            // (the same alias to the database) never has both rows at once.
            await db.SaveChangesAsync();
            foreach (var a in added) o.Aliases.Add(new OrganisationAlias { Alias = a });
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
            if (await CheckAgainstOthersAsync(conn, null, name, aliases)) ModelState.AddModelError(FieldOf(pg), MessageFor(pg));
            return Page();
        }

        TempData["Success"] = $"{(Id is null ? "Added" : "Saved")} {o.Name}";
        return Redirect(ListLinks.AfterSave("/Organisations", o.Id, next, ReturnUrl));
    }

    private void Apply(Organisation o, string name)
    {
        o.Name = name;
        o.Acronym = OrganisationForm.Trimmed(Input.Acronym);
        o.Type = Input.Type!;
        o.Website = OrganisationForm.Trimmed(Input.Website);
        o.OfqualRecognitionNumber = OrganisationForm.RecognitionNumber(Input.OfqualRecognitionNumber);
        o.PredecessorId = Input.PredecessorId;
        o.ActiveFrom = OrganisationForm.Date(Input.ActiveFrom);
        o.ActiveTo = OrganisationForm.Date(Input.ActiveTo);
        o.ReviewIntervalMonths = string.IsNullOrWhiteSpace(Input.ReviewIntervalMonths) ? null : short.Parse(Input.ReviewIntervalMonths);
    }

    /// <summary>
    /// What only the database knows: whether another organisation has this name, one of these
    /// aliases or this recognition number, and where the chosen predecessor leads. Adds a field
    /// error for each problem; true when there are none.
    /// </summary>
    private async Task<bool> CheckAgainstOthersAsync(NpgsqlConnection conn, IDbTransaction? tx, string name, IReadOnlyList<string> aliases)
    {
        var self = Id ?? -1;
        var named = await conn.QueryFirstOrDefaultAsync<Taken>("""
            select 'name' as "Kind", name::text as "Value", name::text as "Holder" from organisation where name = @name::citext and id <> @self
            union all
            select 'alias', a.alias::text, o.name::text from organisation_alias a join organisation o on o.id = a.organisation_id
            where a.alias = @name::citext and a.organisation_id <> @self
            limit 1
            """, new { name, self }, tx);
        if (named is { Kind: "name" })
            ModelState.AddModelError("Input.Name", $"An organisation called {named.Holder} already exists");
        else if (named is not null)
            ModelState.AddModelError("Input.Name", $"{named.Value} is an alias of {named.Holder}: edit that organisation instead, or remove the alias from it first");

        if (aliases.Count > 0)
        {
            var clash = await conn.QueryFirstOrDefaultAsync<Taken>("""
                select 'alias' as "Kind", a.alias::text as "Value", o.name::text as "Holder"
                from organisation_alias a join organisation o on o.id = a.organisation_id
                where a.alias = any (@aliases::citext[]) and a.organisation_id <> @self
                union all
                select 'name', o.name::text, o.name::text from organisation o where o.name = any (@aliases::citext[]) and o.id <> @self
                limit 1
                """, new { aliases = aliases.ToArray(), self }, tx);
            if (clash is { Kind: "alias" })
                ModelState.AddModelError("Input.Aliases", $"{clash.Value} is already an alias of {clash.Holder}: an alias can belong to only one organisation");
            else if (clash is not null)
                ModelState.AddModelError("Input.Aliases", $"{clash.Value} is the name of another organisation, so it cannot be an alias of this one");
        }

        if (OrganisationForm.RecognitionNumber(Input.OfqualRecognitionNumber) is { } rn)
        {
            var holder = await conn.QueryFirstOrDefaultAsync<string?>(
                "select name::text from organisation where ofqual_recognition_number = @rn and id <> @self", new { rn, self }, tx);
            if (holder is not null) ModelState.AddModelError("Input.OfqualRecognitionNumber", $"{rn} is already the recognition number of {holder}");
        }

        if (Input.PredecessorId is { } predecessor)
        {
            if (predecessor == Id)
                ModelState.AddModelError("Input.PredecessorId", "An organisation cannot be its own predecessor");
            else if (!await conn.ExecuteScalarAsync<bool>("select exists (select 1 from organisation where id = @predecessor)", new { predecessor }, tx))
                ModelState.AddModelError("Input.PredecessorId", "Select a predecessor from the list");
            else if (Id is not null)
            {
                // Walk back from the chosen predecessor; reaching this organisation means the
                // predecessor already descends from it.
                var chain = (await conn.QueryAsync<(long Id, string Name)>("""
                    with recursive back as (
                      select id, name::text as name, predecessor_id, 1 as depth, array[id] as seen from organisation where id = @predecessor
                      union all
                      select o.id, o.name::text, o.predecessor_id, b.depth + 1, b.seen || o.id
                      from back b join organisation o on o.id = b.predecessor_id
                      where not o.id = any (b.seen)
                    )
                    select id, name from back order by depth
                    """, new { predecessor }, tx)).ToList();
                var at = chain.FindIndex(x => x.Id == Id);
                if (at >= 0)
                {
                    var path = string.Join(" → ", chain.Take(at + 1).Reverse().Select(x => x.Id == Id ? name : x.Name));
                    ModelState.AddModelError("Input.PredecessorId",
                        $"{chain[0].Name} cannot be the predecessor: it is already a successor of this organisation ({path}), so this would make a loop");
                }
            }
        }
        return ModelState.IsValid;
    }

    private static string FieldOf(PostgresException e) => e.ConstraintName switch
    {
        "organisation_name_key" => "Input.Name",
        "organisation_ofqual_recognition_number_key" or "organisation_ofqual_recognition_number_check" => "Input.OfqualRecognitionNumber",
        "organisation_website_check" => "Input.Website",
        "organisation_alias_alias_key" or "organisation_alias_pkey" or "organisation_alias_alias_check" => "Input.Aliases",
        "organisation_predecessor_id_fkey" => "Input.PredecessorId",
        _ => "",
    };

    private string MessageFor(PostgresException e) => e.ConstraintName switch
    {
        "organisation_name_key" => $"An organisation called {Input.Name?.Trim()} already exists",
        "organisation_ofqual_recognition_number_key" => "Another organisation already has this recognition number",
        "organisation_alias_alias_key" or "organisation_alias_pkey" => "One of these aliases was given to another organisation a moment ago",
        "organisation_predecessor_id_fkey" => "The chosen predecessor was deleted a moment ago: select another",
        _ => "The database refused this change, so nothing was saved: check the values and try again",
    };

    /// <summary>
    /// Someone saved this organisation after the editor opened it. Show what they changed (from
    /// the history, aliases included), keep the editor's own values in the form, and move the
    /// form's version on so that saving again, after reading, applies the editor's values on top.
    /// </summary>
    private async Task ShowConflictAsync()
    {
        var current = await EditConflict.ReloadAsync(db, ModelState, db.Organisations, x => x.Id == Id, "organisation");
        if (current is null) return;
        Conflict = await EditConflict.SinceAsync(db.Database.GetDbConnection(), "organisation", current.Id, Input.LoadedAt,
            new EditConflict.Child("organisation_alias", "organisation_id", "alias", "alias"));
        Input.Version = current.Version;
    }

    private async Task LoadListsAsync()
    {
        var current = Input.PredecessorId;
        // Every other organisation that is not archived, plus whichever one the record already
        // names (so it is never lost from the list).
        Predecessors = await db.Organisations.AsNoTracking()
            .Where(o => o.Id != Id && (o.ArchivedAt == null || o.Id == current)).OrderBy(o => o.Name)
            .Select(o => new SelectListItem(o.Acronym == null || o.Acronym == o.Name ? o.Name : o.Name + " (" + o.Acronym + ")", o.Id.ToString()))
            .ToListAsync();
    }
}
