using Iqf.Admin.Web.Lists;
using Iqf.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Pages.Links;

/// <summary>
/// The link list's bulk actions on the selected links: ignore them (the link checker's failures
/// stop counting as problems: a site that refuses checkers but works for people) or watch them
/// again. One UPDATE each, so all or nothing, recorded in the history under the person's name.
/// POST only; the person goes back to the list with its filters intact.
/// </summary>
public class BulkModel(IqfDbContext db) : PageModel
{
    [BindProperty] public long[] Ids { get; set; } = [];
    [BindProperty] public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Redirect("/Links");

    /// <summary>A post that names no action (the list's buttons always do) changes nothing.</summary>
    public IActionResult OnPost() => Redirect(ListLinks.SafeReturnUrl(ReturnUrl) ?? "/Links");

    public Task<IActionResult> OnPostIgnoreAsync() => SetIgnoredAsync(true);

    public Task<IActionResult> OnPostWatchAsync() => SetIgnoredAsync(false);

    private async Task<IActionResult> SetIgnoredAsync(bool ignored)
    {
        var back = ListLinks.SafeReturnUrl(ReturnUrl) ?? "/Links";
        if (Ids.Length == 0)
        {
            TempData["Success"] = "Nothing was selected, so nothing changed";
            return Redirect(back);
        }
        // Only the links that change are touched, so the count and the history say what happened.
        var count = await db.ExternalLinks.Where(l => Ids.Contains(l.Id) && l.Ignored != ignored)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Ignored, ignored));
        TempData["Success"] = $"{(ignored ? "Ignored" : "Stopped ignoring")} {count} {(count == 1 ? "link" : "links")}";
        return Redirect(back);
    }
}
