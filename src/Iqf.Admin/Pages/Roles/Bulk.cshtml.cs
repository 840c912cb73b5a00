using System.Linq.Expressions;
using Iqf.Admin.Web.Lists;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>Bulk actions from the list: archive, restore, mark reviewed. One statement each, so one transaction.</summary>
public class BulkModel(IqfDbContext db) : PageModel
{
    [BindProperty] public long[] Ids { get; set; } = [];
    [BindProperty] public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Redirect("/Roles");

    public Task<IActionResult> OnPostArchiveAsync() => Run("Archived", r => r.ArchivedAt == null,
        s => s.SetProperty(r => r.ArchivedAt, DateTimeOffset.UtcNow));

    public Task<IActionResult> OnPostRestoreAsync() => Run("Restored", r => r.ArchivedAt != null,
        s => s.SetProperty(r => r.ArchivedAt, (DateTimeOffset?)null));

    public Task<IActionResult> OnPostReviewedAsync() => Run("Marked as reviewed", r => true, s => s
        .SetProperty(r => r.LastReviewedAt, DateTimeOffset.UtcNow)
        .SetProperty(r => r.LastReviewedBy, User.Identity!.Name));

    private async Task<IActionResult> Run(string done, Expression<Func<JobRole, bool>> applies, Action<UpdateSettersBuilder<JobRole>> set)
    {
        var back = ListLinks.SafeReturnUrl(ReturnUrl) ?? "/Roles";
        if (Ids.Length == 0)
        {
            TempData["Success"] = "Nothing was selected, so nothing changed";
            return Redirect(back);
        }
        var count = await db.JobRoles.Where(r => Ids.Contains(r.Id)).Where(applies).ExecuteUpdateAsync(set);
        TempData["Success"] = $"{done} {count} {(count == 1 ? "job role" : "job roles")}";
        return Redirect(back);
    }
}
