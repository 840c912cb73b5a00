using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>
/// Permanent deletion: administrators only, and only for a qualification nothing else points at
/// (role links, routes, offerings, take-up). Its own levels, module list and mappings go with it;
/// every row removed is in the history.
/// </summary>
public class DeleteModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public string Title { get; private set; } = "";
    public List<string> References { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return NotFound();
        if (References.Count > 0) return Page();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await Data.Database.Actor.SetAsync(conn, tx, "user:" + User.Identity!.Name);
        // Checked again inside the transaction: the foreign keys refuse if something was linked meanwhile.
        try
        {
            await conn.ExecuteAsync("delete from qualification where id = @Id", new { Id }, tx);
            await tx.CommitAsync();
        }
        catch (PostgresException e) when (e.SqlState == "23503")
        {
            ModelState.AddModelError("", "Something was linked to this qualification a moment ago, so it was not deleted");
            return Page();
        }
        TempData["Success"] = $"Deleted {Title}. Its history is kept.";
        return Redirect("/Qualifications");
    }

    private async Task<bool> LoadAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var title = await conn.ExecuteScalarAsync<string?>("select reference || ' ' || title from qualification where id = @Id", new { Id });
        if (title is null) return false;
        Title = title;
        References = (await conn.QueryAsync<string>("""
            select format('%s job role %s', count(*), case when count(*) = 1 then 'link' else 'links' end) from role_qualification where qualification_id = @Id having count(*) > 0
            union all select format('%s progression %s', count(*), case when count(*) = 1 then 'route' else 'routes' end) from progression_route
              where from_qualification_id = @Id or to_qualification_id = @Id having count(*) > 0
            union all select format('%s %s as a bridging qualification', count(*), case when count(*) = 1 then 'route uses it' else 'routes use it' end)
              from route_via_qualification where qualification_id = @Id having count(*) > 0
            union all select format('%s provider %s', count(*), case when count(*) = 1 then 'offering' else 'offerings' end) from provider_offering where qualification_id = @Id having count(*) > 0
            union all select format('%s take-up %s', count(*), case when count(*) = 1 then 'figure' else 'figures' end) from take_up where qualification_id = @Id having count(*) > 0
            """, new { Id })).ToList();
        return true;
    }
}
