using Iqf.Admin.Web.Lists;
using Iqf.Data.Interchange;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Modules;

/// <summary>
/// The selected modules as a CSV file in the interchange "modules" format, one row per
/// qualification containing each (see <see cref="ModuleExport"/>). That format cannot hold a
/// module no qualification contains, so such modules are left out, and the person is told
/// which: when all the selection is like that, back on the list with a message; when only some
/// are, on a page that names them and offers the file of the rest (a download cannot carry a
/// message, so the file comes after the message, not with it).
/// </summary>
public class ExportModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty] public long[] Ids { get; set; } = [];
    [BindProperty] public string? ReturnUrl { get; set; }
    /// <summary>Set by the page that has already said which modules are left out.</summary>
    [BindProperty] public bool LeftOutShown { get; set; }

    public List<(long Id, string Code)> LeftOut { get; private set; } = [];
    public long[] Exportable { get; private set; } = [];
    public string Back => ListLinks.SafeReturnUrl(ReturnUrl) ?? "/Modules";

    public IActionResult OnGet() => Redirect("/Modules");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Ids.Length == 0)
        {
            TempData["Success"] = "Nothing was selected, so nothing was exported";
            return Redirect(Back);
        }
        await using var conn = await db.OpenConnectionAsync(ct);
        LeftOut = await ModuleExport.LeftOutAsync(conn, Ids, ct);
        var leftOutIds = LeftOut.Select(m => m.Id).ToHashSet();
        Exportable = Ids.Distinct().Where(id => !leftOutIds.Contains(id)).ToArray();
        if (LeftOut.Count > 0 && Exportable.Length == 0)
        {
            TempData["Success"] = $"Nothing was exported: {Describe(LeftOut)} in no qualification, and the modules CSV format has a row only for each qualification a module is in";
            return Redirect(Back);
        }
        if (LeftOut.Count > 0 && !LeftOutShown) return Page();

        var text = new StringWriter();
        await ModuleExport.WriteAsync(conn, Exportable, text, ct);
        return File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"modules-{DateTime.UtcNow:yyyy-MM-dd}.csv");
    }

    public static string Describe(IReadOnlyList<(long Id, string Code)> modules) =>
        modules.Count == 1 ? $"module {modules[0].Code} is" : $"modules {string.Join(", ", modules.Select(m => m.Code))} are";
}
