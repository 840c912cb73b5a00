using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>
/// Permanent deletion: administrators only, and only for a role no progression route starts or
/// ends at. Its aliases, cluster placements, qualification links and web links go with it; every
/// row removed is in the history.
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
        // Checked again inside the transaction: the foreign keys refuse if a route was added meanwhile.
        try
        {
            await conn.ExecuteAsync("delete from job_role where id = @Id", new { Id }, tx);
            await tx.CommitAsync();
        }
        catch (PostgresException e) when (e.SqlState == "23503")
        {
            ModelState.AddModelError("", "A progression route was linked to this job role a moment ago, so it was not deleted");
            return Page();
        }
        TempData["Success"] = $"Deleted {Title}. Its history is kept.";
        return Redirect("/Roles");
    }

    private async Task<bool> LoadAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var title = await conn.ExecuteScalarAsync<string?>("select title::text from job_role where id = @Id", new { Id });
        if (title is null) return false;
        Title = title;
        References = (await conn.QueryAsync<string>("""
            select format('%s progression %s from this role', count(*), case when count(*) = 1 then 'route starts' else 'routes start' end)
              from progression_route where from_role_id = @Id having count(*) > 0
            union all
            select format('%s progression %s to this role', count(*), case when count(*) = 1 then 'route leads' else 'routes lead' end)
              from progression_route where to_role_id = @Id having count(*) > 0
            """, new { Id })).ToList();
        return true;
    }
}
