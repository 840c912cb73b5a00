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
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters;

/// <summary>
/// Adds a cluster (no id) or edits one: its scheme, the cluster it sits within, its name, its
/// description and its place among its siblings. A parent in another scheme, a parent inside the
/// cluster itself (a loop), a name its siblings already use, and a change of scheme once roles or
/// sub-clusters depend on it are refused with the reason; a save over someone else's newer change
/// is shown as a conflict rather than overwriting it.
/// </summary>
public class EditModel(IqfDbContext db, IValidator<ClusterForm> validator) : PageModel
{
    private sealed record ParentRow(int Id, int SchemeId, string SchemeCode, string Path, bool Archived);
    private sealed record SchemeRow(int Id, string Code, bool Archived);
    private sealed record OptionRow(int Id, int SchemeId, string SchemeCode, string SchemeName, string Path, bool Archived);

    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public ClusterForm Input { get; set; } = new();

    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public string? ArchivedNotice { get; private set; }
    public List<SelectListItem> Schemes { get; private set; } = [];
    public List<SelectListItem> Parents { get; private set; } = [];
    /// <summary>Why the scheme cannot change (roles placed, clusters within it); null when it can.</summary>
    public string? SchemeLocked { get; private set; }
    /// <summary>The fixed scheme's name, shown instead of the list when it is locked.</summary>
    public string? SchemeLabel { get; private set; }
    public bool IsNew => Id is null;

    private static readonly Dictionary<string, (string Field, string Message)> Constraints = new()
    {
        ["cluster_scheme_id_parent_id_name_key"] = ("Input.Name", "A cluster beside this one already has this name (names are compared without regard to capitals)"),
        ["cluster_name_check"] = ("Input.Name", "Enter the cluster's name, without / or ;"),
        ["cluster_scheme_id_fkey"] = ("Input.SchemeId", "That clustering scheme was deleted a moment ago: select another"),
        ["cluster_parent_id_scheme_id_fkey"] = ("Input.ParentId",
            "The cluster it sits within must be in the same clustering scheme, and a cluster with clusters within it keeps its scheme: check both and save again"),
        ["cluster_check"] = ("Input.ParentId", "A cluster cannot sit within itself"),
        ["job_role_cluster_cluster_id_scheme_id_fkey"] = ("Input.SchemeId", "Job roles were placed in this cluster a moment ago, so its scheme cannot change"),
    };

    /// <param name="scheme">for a new cluster: the scheme to start in</param>
    /// <param name="parent">for a new cluster: the cluster to put it within (its scheme comes with it)</param>
    public async Task<IActionResult> OnGetAsync(int? scheme, int? parent)
    {
        var conn = db.Database.GetDbConnection();
        if (Id is not null)
        {
            var c = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id);
            if (c is null) return NotFound();
            Input = ClusterForm.From(c);
            if (c.ArchivedAt is not null) ArchivedNotice = "This cluster is archived. Saving keeps it archived; restore it from its page.";
        }
        else if (parent is not null && await db.Clusters.AsNoTracking().FirstOrDefaultAsync(x => x.Id == parent) is { } p)
        {
            Input.ParentId = p.Id;
            Input.SchemeId = p.SchemeId;
        }
        else if (scheme is not null && await db.ClusteringSchemes.AnyAsync(s => s.Id == scheme))
        {
            Input.SchemeId = scheme;
        }
        // The database's clock, since it is the one that stamps the history.
        Input.LoadedAt = await EditConflict.NowAsync(conn);
        await LoadListsAsync(conn, null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        Cluster? c = null;
        if (Id is not null)
        {
            c = await db.Clusters.FirstOrDefaultAsync(x => x.Id == Id);
            if (c is null) return NotFound();
        }
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await LoadListsAsync(conn, c);
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (c is not null && SchemeLocked is not null && Input.SchemeId != c.SchemeId)
        {
            ModelState.AddModelError("Input.SchemeId", "The scheme cannot be changed while job roles are placed in this cluster or clusters sit within it");
            Input.SchemeId = c.SchemeId;
        }
        if (!ModelState.IsValid) return Page();

        var name = Input.Name!.Trim();
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        // Two people moving clusters at once could each pass the loop check and together make a
        // loop (A within B, B within A); taking turns on this lock, held until commit, rules that out.
        if (Input.ParentId is not null)
            await conn.ExecuteAsync("select pg_advisory_xact_lock(hashtext('iqf:cluster:parent'))", transaction: tx.GetDbTransaction());
        if (!await CheckAgainstOthersAsync(conn, tx.GetDbTransaction(), name, c)) return Page();

        var sortOrder = Input.SortOrderValue() ?? await conn.ExecuteScalarAsync<int>("""
            select coalesce(max(sort_order), 0) + 1 from cluster
            where scheme_id = @scheme and parent_id is not distinct from @parent and id <> @self
            """, new { scheme = Input.SchemeId, parent = Input.ParentId, self = Id ?? -1 }, tx.GetDbTransaction());
        if (c is null)
        {
            c = new Cluster();
            db.Clusters.Add(c);
        }
        else
        {
            // The version the editor started from: EF puts it in the WHERE of the UPDATE.
            db.Entry(c).Property(x => x.Version).OriginalValue = Input.Version;
        }
        c.SchemeId = Input.SchemeId!.Value;
        c.ParentId = Input.ParentId;
        c.Name = name;
        c.Description = ClusterForm.Trimmed(Input.Description);
        c.SortOrder = sortOrder;

        try
        {
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync();
            await ShowConflictAsync(conn);
            return Page();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException pg)
        {
            await tx.RollbackAsync();
            db.ChangeTracker.Clear();
            // Another save slipped in between the checks and this one: check again to name it.
            if (await CheckAgainstOthersAsync(conn, null, name, Id is null ? null : await db.Clusters.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id)))
                EditConflict.AddDatabaseError(ModelState, pg, Constraints);
            return Page();
        }

        TempData["Success"] = $"{(Id is null ? "Added" : "Saved")} {c.Name}";
        var after = ListLinks.AfterSave("/Clusters", c.Id, next, ReturnUrl);
        // "Save and add another" starts the next cluster in the same scheme and place.
        if (next == "another")
            after = QueryHelpers.AddQueryString(after, new Dictionary<string, string?>
            {
                ["scheme"] = c.SchemeId.ToString(),
                ["parent"] = c.ParentId?.ToString(),
            }.Where(kv => kv.Value is not null));
        return Redirect(after);
    }

    /// <summary>
    /// What only the database knows: whether the scheme and parent exist and agree, whether the
    /// parent lies inside this cluster, and whether a sibling has the name. Adds a field error
    /// for each problem; true when there are none.
    /// </summary>
    private async Task<bool> CheckAgainstOthersAsync(NpgsqlConnection conn, IDbTransaction? tx, string name, Cluster? current)
    {
        var scheme = await conn.QuerySingleOrDefaultAsync<SchemeRow>(
            "select id as \"Id\", code::text as \"Code\", archived_at is not null as \"Archived\" from clustering_scheme where id = @id",
            new { id = Input.SchemeId }, tx);
        if (scheme is null)
        {
            ModelState.AddModelError("Input.SchemeId", "Select a clustering scheme from the list");
            return false;
        }
        // A cluster already in an archived scheme may still be corrected; nothing new goes into one.
        if (scheme.Archived && scheme.Id != current?.SchemeId)
            ModelState.AddModelError("Input.SchemeId", $"{scheme.Code} is archived: restore the scheme first, or choose another");

        ParentRow? parent = null;
        if (Input.ParentId is { } parentId)
        {
            parent = await conn.QuerySingleOrDefaultAsync<ParentRow>("""
                select c.id as "Id", c.scheme_id as "SchemeId", s.code::text as "SchemeCode", coalesce(cp.path, c.name::text) as "Path",
                       c.archived_at is not null as "Archived"
                from cluster c join clustering_scheme s on s.id = c.scheme_id left join cluster_path cp on cp.cluster_id = c.id
                where c.id = @parentId
                """, new { parentId }, tx);
            if (parentId == Id)
                ModelState.AddModelError("Input.ParentId", "A cluster cannot sit within itself");
            else if (parent is null)
                ModelState.AddModelError("Input.ParentId", "Select the cluster it sits within from the list");
            else if (parent.SchemeId != scheme.Id)
                ModelState.AddModelError("Input.ParentId",
                    $"{parent.Path} is in {parent.SchemeCode}, not {scheme.Code}: choose a cluster of the same scheme to put it within, or none");
            else if (Id is not null && await LoopAsync(conn, tx, parentId, name) is { } loop)
                ModelState.AddModelError("Input.ParentId",
                    $"{parent.Path} cannot be the cluster it sits within: it is already within this cluster ({loop}), so this would make a loop");
            else if (parent.Archived && current?.ArchivedAt is null)
                ModelState.AddModelError("Input.ParentId", $"{parent.Path} is archived: restore it first, or choose another cluster to put this one within");
        }

        // The schema's unique (scheme_id, parent_id, name) with nulls not distinct: names are
        // citext, so siblings differing only in capitals clash too.
        var taken = await conn.ExecuteScalarAsync<bool>("""
            select exists (select 1 from cluster where scheme_id = @scheme and parent_id is not distinct from @parent
                           and name = @name::citext and id <> @self)
            """, new { scheme = scheme.Id, parent = Input.ParentId, name, self = Id ?? -1 }, tx);
        if (taken)
            ModelState.AddModelError("Input.Name", parent is null || Input.ParentId is null
                ? $"{scheme.Code} already has a top-level cluster called {name}"
                : $"{scheme.Code} already has a cluster called {name} within {parent.Path}");
        return ModelState.IsValid;
    }

    /// <summary>
    /// Walks up from the chosen parent; reaching this cluster means the parent lies inside it.
    /// Returns the way down from this cluster to the parent ("Social care → Fostering"), or null.
    /// </summary>
    private async Task<string?> LoopAsync(NpgsqlConnection conn, IDbTransaction? tx, int parentId, string name)
    {
        var chain = (await conn.QueryAsync<(int Id, string Name)>("""
            with recursive up as (
              select id, name::text as name, parent_id, 1 as depth, array[id] as seen from cluster where id = @parentId
              union all
              select c.id, c.name::text, c.parent_id, u.depth + 1, u.seen || c.id
              from up u join cluster c on c.id = u.parent_id
              where not c.id = any (u.seen)
            )
            select id, name from up order by depth
            """, new { parentId }, tx)).ToList();
        var at = chain.FindIndex(x => x.Id == Id);
        return at < 0 ? null : string.Join(" → ", chain.Take(at + 1).Reverse().Select(x => x.Id == Id ? name : x.Name));
    }

    /// <summary>
    /// Someone saved this cluster after the editor opened it. Show what they changed (parent and
    /// scheme by name), keep the editor's own values in the form, and move the form's version on
    /// so that saving again, after reading, applies the editor's values on top.
    /// </summary>
    private async Task ShowConflictAsync(NpgsqlConnection conn)
    {
        var current = await EditConflict.ReloadAsync(db, ModelState, db.Clusters, x => x.Id == Id, "cluster");
        if (current is null) return;
        var changes = await EditConflict.SinceAsync(conn, "cluster", current.Id, Input.LoadedAt);
        var names = (await conn.QueryAsync<(string What, string Id, string Name)>("""
            select 'parent id', cluster_id::text, path from cluster_path
            union all select 'scheme id', id::text, code::text from clustering_scheme
            """)).ToDictionary(x => (x.What, x.Id), x => x.Name);
        Conflict = changes.Select(ch => ch.Theirs is not null && names.TryGetValue((ch.What, ch.Theirs), out var n) ? ch with { Theirs = n } : ch).ToList();
        Input.Version = current.Version;
        await LoadListsAsync(conn, current);
    }

    /// <summary>
    /// The schemes (current ones, plus the cluster's own) and the clusters it may sit within,
    /// grouped by scheme in tree order. The cluster itself and everything within it are left out
    /// (they would make a loop), and so are archived clusters other than the one already chosen.
    /// When the scheme is locked only its own clusters are offered.
    /// </summary>
    private async Task LoadListsAsync(System.Data.Common.DbConnection conn, Cluster? current)
    {
        if (Id is not null)
        {
            var uses = await conn.QuerySingleAsync<(int Roles, int Children)>("""
                select (select count(*)::int from job_role_cluster where cluster_id = @id),
                       (select count(*)::int from cluster where parent_id = @id)
                """, new { id = Id });
            if (uses.Roles > 0 || uses.Children > 0)
            {
                var why = string.Join(" and ", new[]
                {
                    uses.Roles == 0 ? null : $"{uses.Roles} job {(uses.Roles == 1 ? "role is" : "roles are")} placed in it",
                    uses.Children == 0 ? null : $"{uses.Children} {(uses.Children == 1 ? "cluster sits" : "clusters sit")} within it",
                }.Where(x => x is not null));
                SchemeLocked = $"The scheme cannot be changed because {why}. A job role's place and the clusters within a cluster belong to " +
                               "one scheme, so move them to other clusters first if this cluster really belongs to another scheme.";
            }
        }
        var schemeId = current?.SchemeId ?? (Id is null ? null : await db.Clusters.Where(x => x.Id == Id).Select(x => (int?)x.SchemeId).FirstOrDefaultAsync());
        var schemes = await conn.QueryAsync<(int Id, string Code, string Name, bool Archived)>(
            "select id, code::text, name, archived_at is not null from clustering_scheme where archived_at is null or id = @schemeId order by code",
            new { schemeId });
        Schemes = schemes.Select(s => new SelectListItem($"{s.Code}: {s.Name}{(s.Archived ? " (archived)" : "")}", s.Id.ToString())).ToList();
        if (SchemeLocked is not null)
        {
            var own = schemes.First(s => s.Id == schemeId);
            SchemeLabel = $"{own.Code}: {own.Name}";
        }

        var options = await conn.QueryAsync<OptionRow>($"""
            with recursive {ClusterSearch.TreeCte},
            inside as (
              select id from cluster where id = @self
              union all
              select c.id from cluster c join inside i on c.parent_id = i.id
            )
            select c.id as "Id", s.id as "SchemeId", s.code::text as "SchemeCode", s.name as "SchemeName", t.path as "Path",
                   c.archived_at is not null as "Archived"
            from tree t join cluster c on c.id = t.id join clustering_scheme s on s.id = c.scheme_id
            where c.id not in (select id from inside)
              and ((c.archived_at is null and s.archived_at is null) or c.id = @chosen)
              and (not @locked or s.id = @schemeId)
            order by s.code, t.tree_key
            """, new { self = Id ?? -1, chosen = Input.ParentId ?? -1, locked = SchemeLocked is not null, schemeId = schemeId ?? -1 });
        var groups = new Dictionary<int, SelectListGroup>();
        Parents = options.Select(o => new SelectListItem(o.Path + (o.Archived ? " (archived)" : ""), o.Id.ToString())
        {
            Group = groups.TryGetValue(o.SchemeId, out var g) ? g : groups[o.SchemeId] = new SelectListGroup { Name = $"{o.SchemeCode}: {o.SchemeName}" },
        }).ToList();
    }
}
