using Iqf.Admin.Web.Lists;
using Iqf.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>"Mark as reviewed": stamps the reviewer and time (POST only; the button is on the record's page).</summary>
public class ReviewModel(IqfDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public IActionResult OnGet() => Redirect($"/Qualifications/Details/{Id}");

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        var changed = await db.Qualifications.Where(q => q.Id == Id).ExecuteUpdateAsync(s => s
            .SetProperty(q => q.LastReviewedAt, DateTimeOffset.UtcNow)
            .SetProperty(q => q.LastReviewedBy, User.Identity!.Name));
        if (changed == 0) return NotFound();
        TempData["Success"] = "Marked as reviewed";
        return Redirect(ListLinks.SafeReturnUrl(returnUrl) ?? $"/Qualifications/Details/{Id}");
    }
}
