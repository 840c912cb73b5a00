using Dapper;
using Iqf.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Web.Records;

/// <summary>
/// Permanent deletion of one record: administrators only (by page name), and only when nothing
/// else points at it. The record's own child rows go with it through the foreign keys' cascades;
/// every row removed is in the history, so the record's history page still tells its story.
/// </summary>
public abstract class HardDeleteModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public string Name { get; private set; } = "";
    public List<string> References { get; private set; } = [];

    protected abstract string Table { get; }
    protected abstract string ListPath { get; }
    /// <summary>SQL giving the record's display name; parameter @Id.</summary>
    protected abstract string NameSql { get; }
    /// <summary>SQL giving one line of text per kind of record pointing at this one; parameter @Id.</summary>
    protected abstract string ReferencesSql { get; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return NotFound();
        if (References.Count > 0) return Page();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await Actor.SetAsync(conn, tx, "user:" + User.Identity!.Name);
        // The foreign keys check again inside the transaction, in case something was linked meanwhile.
        try
        {
            await conn.ExecuteAsync($"delete from {Table} where id = @Id", new { Id }, tx);
            await tx.CommitAsync();
        }
        catch (PostgresException e) when (e.SqlState == "23503")
        {
            ModelState.AddModelError("", "Something was linked to this record a moment ago, so it was not deleted");
            return Page();
        }
        TempData["Success"] = $"Deleted {Name}. Its history is kept.";
        return Redirect(ListPath);
    }

    private async Task<bool> LoadAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var name = await conn.ExecuteScalarAsync<string?>(NameSql, new { Id });
        if (name is null) return false;
        Name = name;
        References = (await conn.QueryAsync<string>(ReferencesSql, new { Id })).ToList();
        return true;
    }
}
