using Dapper;
using FluentValidation;
using Iqf.Admin.Web.Records;
using Iqf.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>
/// A qualification's web links (specification, awarding body page, ...): add an address, change
/// what it is for, remove it. An address is stored once however many records point at it (so it
/// is checked once): adding one the database already knows, in any spelling normalise_url()
/// folds together, reuses that row and its check results; removing the last pointer to an
/// address deletes it. Each change claims the qualification's row version, so a change made from
/// a page someone else has since changed is a conflict, never an overwrite.
/// </summary>
public class EditLinksModel(NpgsqlDataSource db, IValidator<QualificationLinkForm> validator) : PageModel
{
    public sealed record LinkRow(long OwnerId, long LinkId, string Url, string State, bool Ignored, string? Purpose, int OtherOwners, DateTime? LastCheckedAt);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    /// <summary>The link (link_owner row) whose purpose the form is changing, from the table's "Change" links.</summary>
    [BindProperty(SupportsGet = true)] public long? Change { get; set; }
    /// <summary>The list the person came from, carried so that its filters survive the editing.</summary>
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public QualificationLinkForm Input { get; set; } = new();

    public string Reference { get; private set; } = "";
    public string QualificationTitle { get; private set; } = "";
    public bool Archived { get; private set; }
    public List<LinkRow> Links { get; private set; } = [];
    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public EditorNavigation Navigation => new(Id, "EditLinks", ReturnUrl);
    /// <summary>The address of the link being changed, shown above its purpose.</summary>
    public string? ChangingUrl => Links.FirstOrDefault(l => l.OwnerId == Input.OwnerId)?.Url;

    private static readonly Dictionary<string, (string Field, string Message)> Constraints = new()
    {
        ["external_link_url_check"] = ("Input.Url", "Enter a full web address starting https:// or http://, of 2,000 characters or fewer"),
        ["external_link_normalized_url_check"] = ("Input.Url", "Enter a full web address starting https:// or http://, of 2,000 characters or fewer"),
        ["external_link_host_check"] = ("Input.Url", "Enter a full web address with a host name, such as https://www.gov.uk/"),
        ["link_owner_link_id_fkey"] = ("Input.Url", "That address was removed by someone else a moment ago: add it again"),
    };

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        if (!await LoadAsync(conn, versionFromDatabase: true)) return NotFound();
        Input.LoadedAt = await EditConflict.NowAsync(conn);
        if (Links.FirstOrDefault(l => l.OwnerId == Change) is { } changing)
        {
            Input.OwnerId = changing.OwnerId;
            Input.Purpose = changing.Purpose;
        }
        else Change = null;
        return Page();
    }

    /// <summary>A post that names no action (the page's forms always do) changes nothing.</summary>
    public IActionResult OnPost() => Redirect(Here);

    /// <param name="next">"continue" stays on this page; anything else goes back to the qualification's page.</param>
    public async Task<IActionResult> OnPostSaveAsync(string? next)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (!await LoadAsync(conn, versionFromDatabase: false)) return NotFound();
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var afterwards = next == "continue" ? Here : EditorNavigation.Details(Id, ReturnUrl);
        return Input.OwnerId is { } ownerId
            ? await InTransactionAsync(conn, (tx) => ChangePurposeAsync(conn, tx, ownerId), afterwards)
            : await InTransactionAsync(conn, (tx) => AddAsync(conn, tx), afterwards);
    }

    public async Task<IActionResult> OnPostRemoveAsync(long ownerId)
    {
        await using var conn = await db.OpenConnectionAsync();
        // Removing leaves the add form as it was when the page was shown: empty, ready for a new link.
        Input = new QualificationLinkForm { Version = Input.Version, LoadedAt = Input.LoadedAt };
        ModelState.Clear();
        if (!await LoadAsync(conn, versionFromDatabase: false)) return NotFound();
        return await InTransactionAsync(conn, (tx) => RemoveAsync(conn, tx, ownerId), Here);
    }

    private string Here => $"/Qualifications/EditLinks/{Id}{EditorNavigation.Carry(ReturnUrl)}";

    /// <summary>Links the address, reusing the row that already holds it (in any spelling that normalises the same) or making one.</summary>
    private async Task<string?> AddAsync(NpgsqlConnection conn, NpgsqlTransaction tx)
    {
        var url = Input.Url!.Trim();
        var existing = await conn.QuerySingleOrDefaultAsync<(long Id, string Url)?>(
            "select id, url from external_link where normalized_url = normalise_url(@url)", new { url }, tx);
        var linkId = existing?.Id
            // Made by this statement, or, when someone else made it a moment ago, theirs.
            ?? await conn.ExecuteScalarAsync<long?>("""
                insert into external_link (url, normalized_url, host) values (@url, normalise_url(@url), url_host(@url))
                on conflict (normalized_url) do nothing returning id
                """, new { url }, tx)
            ?? await conn.ExecuteScalarAsync<long>("select id from external_link where normalized_url = normalise_url(@url)", new { url }, tx);
        if (await conn.ExecuteScalarAsync<bool>("select exists (select 1 from link_owner where link_id = @linkId and qualification_id = @Id)", new { linkId, Id }, tx))
        {
            var known = existing?.Url ?? url;
            ModelState.AddModelError("Input.Url", known == url
                ? "This qualification already has that web address: change its purpose in the table instead"
                : $"This qualification already has that web address, written as {known}: change its purpose in the table instead");
            return null;
        }
        await conn.ExecuteAsync("insert into link_owner (link_id, qualification_id, purpose) values (@linkId, @Id, nullif(btrim(@purpose), ''))",
            new { linkId, Id, purpose = Input.Purpose ?? "" }, tx);
        return existing is null
            ? $"Added {url}: it will be checked in the next link check"
            : $"Added {existing.Value.Url}: the address was already known from other records, so its check results apply here too";
    }

    private async Task<string?> ChangePurposeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long ownerId)
    {
        var url = await conn.ExecuteScalarAsync<string?>("""
            update link_owner lo set purpose = nullif(btrim(@purpose), '') from external_link e
            where lo.id = @ownerId and lo.qualification_id = @Id and e.id = lo.link_id
            returning e.url
            """, new { ownerId, Id, purpose = Input.Purpose ?? "" }, tx);
        if (url is null)
        {
            ModelState.AddModelError("", "That web link is not on this qualification any more, so its purpose was not saved");
            return null;
        }
        return $"Saved the purpose of {url}";
    }

    /// <summary>Removes the qualification's pointer; the address itself goes too when nothing else points at it.</summary>
    private async Task<string?> RemoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long ownerId)
    {
        var linkId = await conn.ExecuteScalarAsync<long?>("delete from link_owner where id = @ownerId and qualification_id = @Id returning link_id",
            new { ownerId, Id }, tx);
        if (linkId is null)
        {
            ModelState.AddModelError("", "That web link is not on this qualification (any more)");
            return null;
        }
        // Locking the address first makes a record linking it at this moment either wait and be
        // seen below (so the address stays), or find it gone and be refused: never lose its link.
        var url = await conn.ExecuteScalarAsync<string>("select url from external_link where id = @linkId for update", new { linkId }, tx);
        var deleted = await conn.ExecuteAsync("delete from external_link e where e.id = @linkId and not exists (select 1 from link_owner o where o.link_id = e.id)",
            new { linkId }, tx) == 1;
        if (!deleted) return $"Removed {url} from this qualification (other records still link to it)";
        // Flags about a deleted address (a broken link, say) have nothing left to act on.
        await conn.ExecuteAsync("""
            update review_flag set resolved_at = now(), resolved_by = @who, resolution = 'cause-gone'
            where entity_kind = 'link' and entity_id = @linkId and resolved_at is null
            """, new { linkId, who = "user:" + User.Identity!.Name }, tx);
        return $"Removed {url}; no other record linked to it, so the address was deleted too";
    }

    /// <summary>
    /// Runs one change in a transaction that first claims the qualification at the version the
    /// page was opened with. The change returns its success message, or null after adding the
    /// reason it made no change to ModelState (the transaction is then rolled back).
    /// </summary>
    private async Task<IActionResult> InTransactionAsync(NpgsqlConnection conn, Func<NpgsqlTransaction, Task<string?>> change, string afterwards)
    {
        string? done;
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Actor.SetAsync(conn, tx, "user:" + User.Identity!.Name);
            if (!await ParentVersion.ClaimAsync(conn, tx, Id, Input.Version))
            {
                await tx.RollbackAsync();
                return await ShowConflictAsync(conn);
            }
            try
            {
                done = await change(tx);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation
                                                   or PostgresErrorCodes.CheckViolation or PostgresErrorCodes.NotNullViolation)
            {
                // The checks above come first; the database has the last word when two saves race.
                if (e.TableName == "link_owner" && e.SqlState == PostgresErrorCodes.UniqueViolation)
                    ModelState.AddModelError("Input.Url", "This qualification already has that web address: change its purpose in the table instead");
                else EditConflict.AddDatabaseError(ModelState, e, Constraints);
                done = null;
            }
            if (done is null) await tx.RollbackAsync();
            else await tx.CommitAsync();
        }
        if (done is null)
        {
            await LoadAsync(conn, versionFromDatabase: false);
            return Page();
        }
        TempData["Success"] = done;
        return Redirect(afterwards);
    }

    /// <summary>
    /// Someone changed the qualification (or its links, roles, modules) after this page was
    /// opened. Show what, keep the editor's form as it was, and base it on what they now see.
    /// </summary>
    private async Task<IActionResult> ShowConflictAsync(NpgsqlConnection conn)
    {
        var loadedAt = await EditConflict.NowAsync(conn);
        if (!await LoadAsync(conn, versionFromDatabase: true)) return NotFound();
        Conflict = await EditConflict.SinceAsync(conn, "qualification", Id, Input.LoadedAt, QualificationConflict.Children);
        Input.LoadedAt = loadedAt;
        ModelState.Remove("Input.LoadedAt");
        EditConflict.AddConflictError(ModelState, "qualification or its web links");
        return Page();
    }

    /// <summary>The qualification's name and links; false when there is no such qualification.</summary>
    private async Task<bool> LoadAsync(NpgsqlConnection conn, bool versionFromDatabase)
    {
        using var grid = await conn.QueryMultipleAsync("""
            select reference as "Reference", title as "Title", archived_at is not null as "Archived", xmin::text::bigint as "Version"
            from qualification where id = @Id;

            select lo.id as "OwnerId", e.id as "LinkId", e.url as "Url", e.state as "State", e.ignored as "Ignored", lo.purpose as "Purpose",
                   (select count(*)::int from link_owner o where o.link_id = e.id and o.id <> lo.id) as "OtherOwners",
                   e.last_checked_at as "LastCheckedAt"
            from link_owner lo join external_link e on e.id = lo.link_id
            where lo.qualification_id = @Id
            order by e.url, lo.id;
            """, new { Id });
        var q = await grid.ReadSingleOrDefaultAsync<(string Reference, string Title, bool Archived, long Version)?>();
        if (q is null) return false;
        (Reference, QualificationTitle, Archived) = (q.Value.Reference, q.Value.Title, q.Value.Archived);
        // After a refused post the form keeps the version it was opened with, so that saving it again still conflicts.
        if (versionFromDatabase)
        {
            Input.Version = (uint)q.Value.Version;
            ModelState.Remove("Input.Version");
        }
        Links = (await grid.ReadAsync<LinkRow>()).ToList();
        return true;
    }
}
