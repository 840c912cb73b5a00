using Iqf.Admin.Web.Lists;
using Iqf.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Pages.Organisations;

/// <summary>"Mark as reviewed": stamps the reviewer and time (POST only; the button is on the record's page).</summary>
public class ReviewModel(IqfDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public IActionResult OnGet() => Redirect($"/Organisations/Details/{Id}");

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        var changed = await db.Organisations.Where(o => o.Id == Id).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.LastReviewedAt, DateTimeOffset.UtcNow)
            .SetProperty(o => o.LastReviewedBy, User.Identity!.Name));
        if (changed == 0) return NotFound();
        TempData["Success"] = "Marked as reviewed";
        return Redirect(ListLinks.SafeReturnUrl(returnUrl) ?? $"/Organisations/Details/{Id}");
    }
}
