using System.Linq.Expressions;
using Iqf.Admin.Web.Lists;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Iqf.Admin.Pages.Frameworks;

/// <summary>
/// The list's bulk archive and restore of frameworks: one UPDATE each, all or nothing, recorded
/// in the history under the person's name. Web/Records' BulkActionsModel needs a CuratedRecord;
/// frameworks have int ids and nothing to review, so this is its archive and restore alone.
/// </summary>
public class BulkModel(IqfDbContext db) : PageModel
{
    [BindProperty] public int[] Ids { get; set; } = [];
    [BindProperty] public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Redirect("/Frameworks");

    public Task<IActionResult> OnPostArchiveAsync() => Run("Archived", f => f.ArchivedAt == null,
        s => s.SetProperty(f => f.ArchivedAt, DateTimeOffset.UtcNow));

    public Task<IActionResult> OnPostRestoreAsync() => Run("Restored", f => f.ArchivedAt != null,
        s => s.SetProperty(f => f.ArchivedAt, (DateTimeOffset?)null));

    private async Task<IActionResult> Run(string done, Expression<Func<LevelFramework, bool>> applies, Action<UpdateSettersBuilder<LevelFramework>> set)
    {
        var back = ListLinks.SafeReturnUrl(ReturnUrl) ?? "/Frameworks";
        if (Ids.Length == 0)
        {
            TempData["Success"] = "Nothing was selected, so nothing changed";
            return Redirect(back);
        }
        var count = await db.LevelFrameworks.Where(f => Ids.Contains(f.Id)).Where(applies).ExecuteUpdateAsync(set);
        TempData["Success"] = $"{done} {count} {(count == 1 ? "framework" : "frameworks")}";
        return Redirect(back);
    }
}
