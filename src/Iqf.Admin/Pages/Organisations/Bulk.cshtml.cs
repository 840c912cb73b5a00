using System.Linq.Expressions;
using Iqf.Admin.Web.Lists;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Iqf.Admin.Pages.Organisations;

/// <summary>Bulk actions from the list: archive, restore, mark reviewed. One statement each, so one transaction.</summary>
public class BulkModel(IqfDbContext db) : PageModel
{
    [BindProperty] public long[] Ids { get; set; } = [];
    [BindProperty] public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Redirect("/Organisations");

    public Task<IActionResult> OnPostArchiveAsync() => Run("Archived", o => o.ArchivedAt == null,
        s => s.SetProperty(o => o.ArchivedAt, DateTimeOffset.UtcNow));

    public Task<IActionResult> OnPostRestoreAsync() => Run("Restored", o => o.ArchivedAt != null,
        s => s.SetProperty(o => o.ArchivedAt, (DateTimeOffset?)null));

    public Task<IActionResult> OnPostReviewedAsync() => Run("Marked as reviewed", o => true, s => s
        .SetProperty(o => o.LastReviewedAt, DateTimeOffset.UtcNow)
        .SetProperty(o => o.LastReviewedBy, User.Identity!.Name));

    private async Task<IActionResult> Run(string done, Expression<Func<Organisation, bool>> applies, Action<UpdateSettersBuilder<Organisation>> set)
    {
        var back = ListLinks.SafeReturnUrl(ReturnUrl) ?? "/Organisations";
        if (Ids.Length == 0)
        {
            TempData["Success"] = "Nothing was selected, so nothing changed";
            return Redirect(back);
        }
        var count = await db.Organisations.Where(o => Ids.Contains(o.Id)).Where(applies).ExecuteUpdateAsync(set);
        TempData["Success"] = $"{done} {count} {(count == 1 ? "organisation" : "organisations")}";
        return Redirect(back);
    }
}
