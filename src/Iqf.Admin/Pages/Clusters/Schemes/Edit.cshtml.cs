using System.Data;
using Dapper;
using FluentValidation;
using Iqf.Admin.Web.Lists;
using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters.Schemes;

/// <summary>
/// Adds a clustering scheme (no id) or edits one. A code another scheme has is refused with that
/// scheme named, and a save over someone else's newer change is shown as a conflict rather than
/// overwriting it.
/// </summary>
public class EditModel(IqfDbContext db, IValidator<SchemeForm> validator) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public SchemeForm Input { get; set; } = new();

    public List<EditConflict.Change> Conflict { get; private set; } = [];
    public string? ArchivedNotice { get; private set; }
    public bool IsNew => Id is null;

    private static readonly Dictionary<string, (string Field, string Message)> Constraints = new()
    {
        ["clustering_scheme_code_key"] = ("Input.Code", "Another clustering scheme already has this code"),
        ["clustering_scheme_code_check"] = ("Input.Code", "Enter the code as 2 to 32 capital letters, digits and hyphens, starting with a letter, for example CWS-2005"),
        ["clustering_scheme_name_check"] = ("Input.Name", "Enter the scheme's name"),
    };

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is not null)
        {
            var s = await db.ClusteringSchemes.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id);
            if (s is null) return NotFound();
            Input = SchemeForm.From(s);
            if (s.ArchivedAt is not null) ArchivedNotice = "This clustering scheme is archived. Saving keeps it archived; restore it from its page.";
        }
        // The database's clock, since it is the one that stamps the history.
        Input.LoadedAt = await EditConflict.NowAsync(db.Database.GetDbConnection());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        ClusteringScheme? s = null;
        if (Id is not null)
        {
            s = await db.ClusteringSchemes.FirstOrDefaultAsync(x => x.Id == Id);
            if (s is null) return NotFound();
        }
        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var code = SchemeForm.NormalisedCode(Input.Code)!;
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        if (!await CodeIsFreeAsync(conn, code)) return Page();

        if (s is null)
        {
            s = new ClusteringScheme();
            db.ClusteringSchemes.Add(s);
        }
        else
        {
            // The version the editor started from: EF puts it in the WHERE of the UPDATE.
            db.Entry(s).Property(x => x.Version).OriginalValue = Input.Version;
        }
        s.Code = code;
        s.Name = Input.Name!.Trim();
        s.Description = SchemeForm.Trimmed(Input.Description);
        s.Source = SchemeForm.Trimmed(Input.Source);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            await ShowConflictAsync(conn);
            return Page();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException pg)
        {
            db.ChangeTracker.Clear();
            // Another save slipped in between the check and this one: check again to name it.
            if (await CodeIsFreeAsync(conn, code)) EditConflict.AddDatabaseError(ModelState, pg, Constraints);
            return Page();
        }

        TempData["Success"] = $"{(Id is null ? "Added" : "Saved")} {s.Code}";
        return Redirect(ListLinks.AfterSave("/Clusters/Schemes", s.Id, next, ReturnUrl));
    }

    /// <summary>Codes are citext: "cws-2005" and "CWS-2005" are one code. Adds the field error when another scheme has it.</summary>
    private async Task<bool> CodeIsFreeAsync(NpgsqlConnection conn, string code)
    {
        var holder = await conn.QueryFirstOrDefaultAsync<string?>(
            "select code::text || ' (' || name || ')' from clustering_scheme where code = @code::citext and id <> @self", new { code, self = Id ?? -1 });
        if (holder is null) return true;
        ModelState.AddModelError("Input.Code", $"The code {code} is already used by {holder}");
        return false;
    }

    /// <summary>
    /// Someone saved this scheme after the editor opened it. Show what they changed, keep the
    /// editor's own values in the form, and move the form's version on so that saving again,
    /// after reading, applies the editor's values on top.
    /// </summary>
    private async Task ShowConflictAsync(NpgsqlConnection conn)
    {
        var current = await EditConflict.ReloadAsync(db, ModelState, db.ClusteringSchemes, x => x.Id == Id, "clustering scheme");
        if (current is null) return;
        Conflict = await EditConflict.SinceAsync(conn, "clustering_scheme", current.Id, Input.LoadedAt);
        Input.Version = current.Version;
    }
}
