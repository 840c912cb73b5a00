using Dapper;
using Iqf.Admin.Web.Lists;
using Iqf.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.ReviewQueue;

/// <summary>Assigning and resolving one review flag (POST only; the forms are on the queue page).</summary>
public class ReviewFlagModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public IActionResult OnGet() => Redirect("/ReviewQueue");

    public async Task<IActionResult> OnPostAssignAsync(string? userId, string? returnUrl)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (!string.IsNullOrEmpty(userId) && !await conn.ExecuteScalarAsync<bool>("select exists (select 1 from users where id = @userId)", new { userId }))
            return BadRequest();
        return await ChangeAsync(conn, "update review_flag set assigned_to_user_id = nullif(@userId, '') where id = @Id and resolved_at is null",
            new { Id, userId = userId ?? "" }, "Assigned the flag", returnUrl);
    }

    public async Task<IActionResult> OnPostResolveAsync(string? resolution, string? returnUrl)
    {
        if (resolution is not ("fixed" or "dismissed")) return BadRequest();
        await using var conn = await db.OpenConnectionAsync();
        return await ChangeAsync(conn, "update review_flag set resolved_at = now(), resolved_by = @who, resolution = @resolution where id = @Id and resolved_at is null",
            new { Id, who = "user:" + User.Identity!.Name, resolution }, resolution == "fixed" ? "Marked the flag as fixed" : "Dismissed the flag", returnUrl);
    }

    private async Task<IActionResult> ChangeAsync(NpgsqlConnection conn, string sql, object args, string done, string? returnUrl)
    {
        await using var tx = await conn.BeginTransactionAsync();
        await Actor.SetAsync(conn, tx, "user:" + User.Identity!.Name);
        var changed = await conn.ExecuteAsync(sql, args, tx);
        await tx.CommitAsync();
        if (changed == 0 && !await conn.ExecuteScalarAsync<bool>("select exists (select 1 from review_flag where id = @Id)", new { Id })) return NotFound();
        TempData["Success"] = changed == 0 ? "That flag was already resolved" : done;
        return Redirect(ListLinks.SafeReturnUrl(returnUrl) ?? "/ReviewQueue");
    }
}
