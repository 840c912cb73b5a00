using Iqf.Admin.Web.Lists;
using Iqf.Data.Interchange;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Organisations;

/// <summary>The selected organisations as a CSV file in the interchange format.</summary>
public class ExportModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty] public long[] Ids { get; set; } = [];
    [BindProperty] public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Redirect("/Organisations");

    public async Task<IActionResult> OnPostAsync()
    {
        if (Ids.Length == 0)
        {
            TempData["Success"] = "Nothing was selected, so nothing was exported";
            return Redirect(ListLinks.SafeReturnUrl(ReturnUrl) ?? "/Organisations");
        }
        await using var conn = await db.OpenConnectionAsync();
        var text = new StringWriter();
        await OrganisationExport.WriteAsync(conn, Ids, text);
        return File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8",
            $"organisations-{DateTime.UtcNow:yyyy-MM-dd}.csv");
    }
}
