using Iqf.Admin.Web.Lists;
using Iqf.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>"Mark as reviewed": stamps the reviewer and time (POST only; the button is on the role's page).</summary>
public class ReviewModel(IqfDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public IActionResult OnGet() => Redirect($"/Roles/Details/{Id}");

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        var changed = await db.JobRoles.Where(r => r.Id == Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.LastReviewedAt, DateTimeOffset.UtcNow)
            .SetProperty(r => r.LastReviewedBy, User.Identity!.Name));
        if (changed == 0) return NotFound();
        TempData["Success"] = "Marked as reviewed";
        return Redirect(ListLinks.SafeReturnUrl(returnUrl) ?? $"/Roles/Details/{Id}");
    }
}
