using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Web.Records;

/// <summary>
/// A list's "export selected" action: the chosen records as a CSV download in the kind's
/// interchange format. POST only (the ids come from the list's checkboxes); a kind declares
/// e.g. <c>class ExportModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/Organisations", "organisations", OrganisationExport.WriteAsync)</c>.
/// </summary>
public abstract class ExportSelectionModel(
    NpgsqlDataSource db, string listPath, string fileStem,
    Func<NpgsqlConnection, IReadOnlyCollection<long>?, TextWriter, CancellationToken, Task> write) : PageModel
{
    [BindProperty] public long[] Ids { get; set; } = [];
    [BindProperty] public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Redirect(listPath);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Ids.Length == 0)
        {
            TempData["Success"] = "Nothing was selected, so nothing was exported";
            return Redirect(ListLinks.SafeReturnUrl(ReturnUrl) ?? listPath);
        }
        await using var conn = await db.OpenConnectionAsync(ct);
        var text = new StringWriter();
        await write(conn, Ids, text, ct);
        return File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"{fileStem}-{DateTime.UtcNow:yyyy-MM-dd}.csv");
    }
}
