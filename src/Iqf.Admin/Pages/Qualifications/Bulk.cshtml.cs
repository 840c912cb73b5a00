using Iqf.Admin.Web.Lists;
using Iqf.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>Bulk actions from the list: archive, restore, mark reviewed. One statement each, so one transaction.</summary>
public class BulkModel(IqfDbContext db) : PageModel
{
    [BindProperty] public long[] Ids { get; set; } = [];
    [BindProperty] public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Redirect("/Qualifications");

    public Task<IActionResult> OnPostArchiveAsync() => Run("Archived", q => q.ArchivedAt == null,
        s => s.SetProperty(q => q.ArchivedAt, DateTimeOffset.UtcNow));

    public Task<IActionResult> OnPostRestoreAsync() => Run("Restored", q => q.ArchivedAt != null,
        s => s.SetProperty(q => q.ArchivedAt, (DateTimeOffset?)null));

    public Task<IActionResult> OnPostReviewedAsync() => Run("Marked as reviewed", q => true, s => s
        .SetProperty(q => q.LastReviewedAt, DateTimeOffset.UtcNow)
        .SetProperty(q => q.LastReviewedBy, User.Identity!.Name));

    private async Task<IActionResult> Run(string done, System.Linq.Expressions.Expression<Func<Domain.Entities.Qualification, bool>> applies,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Domain.Entities.Qualification>> set)
    {
        var back = ListLinks.SafeReturnUrl(ReturnUrl) ?? "/Qualifications";
        if (Ids.Length == 0)
        {
            TempData["Success"] = "Nothing was selected, so nothing changed";
            return Redirect(back);
        }
        var count = await db.Qualifications.Where(q => Ids.Contains(q.Id)).Where(applies).ExecuteUpdateAsync(set);
        TempData["Success"] = $"{done} {count} {(count == 1 ? "qualification" : "qualifications")}";
        return Redirect(back);
    }
}
