using System.Linq.Expressions;
using Iqf.Admin.Web.Lists;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Iqf.Admin.Web.Records;

/// <summary>
/// A list's bulk actions (archive, restore, mark reviewed) on the selected records of one kind:
/// one UPDATE each, so all or nothing, recorded in the history under the person's name. POST
/// only; the buttons are on the list, which the person returns to with its filters intact.
/// </summary>
public abstract class BulkActionsModel<T>(IqfDbContext db, string listPath, string one, string many) : PageModel where T : CuratedRecord
{
    [BindProperty] public long[] Ids { get; set; } = [];
    [BindProperty] public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Redirect(listPath);

    public Task<IActionResult> OnPostArchiveAsync() => Run("Archived", r => r.ArchivedAt == null,
        s => s.SetProperty(r => r.ArchivedAt, DateTimeOffset.UtcNow));

    public Task<IActionResult> OnPostRestoreAsync() => Run("Restored", r => r.ArchivedAt != null,
        s => s.SetProperty(r => r.ArchivedAt, (DateTimeOffset?)null));

    public Task<IActionResult> OnPostReviewedAsync() => Run("Marked as reviewed", r => true, s => s
        .SetProperty(r => r.LastReviewedAt, DateTimeOffset.UtcNow)
        .SetProperty(r => r.LastReviewedBy, User.Identity!.Name));

    private async Task<IActionResult> Run(string done, Expression<Func<T, bool>> applies, Action<UpdateSettersBuilder<T>> set)
    {
        var back = ListLinks.SafeReturnUrl(ReturnUrl) ?? listPath;
        if (Ids.Length == 0)
        {
            TempData["Success"] = "Nothing was selected, so nothing changed";
            return Redirect(back);
        }
        var count = await db.Set<T>().Where(r => Ids.Contains(r.Id)).Where(applies).ExecuteUpdateAsync(set);
        TempData["Success"] = $"{done} {count} {(count == 1 ? one : many)}";
        return Redirect(back);
    }
}
