using Iqf.Admin.Web.Lists;
using Iqf.Data.Interchange;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>The selected job roles as a CSV file in the interchange format.</summary>
public class ExportModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty] public long[] Ids { get; set; } = [];
    [BindProperty] public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Redirect("/Roles");

    public async Task<IActionResult> OnPostAsync()
    {
        if (Ids.Length == 0)
        {
            TempData["Success"] = "Nothing was selected, so nothing was exported";
            return Redirect(ListLinks.SafeReturnUrl(ReturnUrl) ?? "/Roles");
        }
        await using var conn = await db.OpenConnectionAsync();
        var text = new StringWriter();
        await RoleExport.WriteAsync(conn, Ids, text);
        return File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"roles-{DateTime.UtcNow:yyyy-MM-dd}.csv");
    }
}
