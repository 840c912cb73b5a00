using System.Text.Json;
using Dapper;
using Iqf.Data.Import;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Import;

/// <summary>
/// One uploaded file: while it is being read, its progress (the page refreshes itself, with or
/// without JavaScript); then the dry run's report with "Import" to confirm; then the result.
/// Only the person who uploaded a file (or an administrator) sees it.
/// </summary>
public class UploadModel(NpgsqlDataSource db, ImportRunner runner) : PageModel
{
    public const int ListedChanges = 500;

    public sealed record Upload(Guid Id, string Kind, string FileName, string State, long RowsRead, string? Report, string? Problem, string UploadedBy, DateTime UploadedAt,
        bool CreateOrganisations, bool AllowSimilar);

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Upload Current { get; private set; } = null!;
    public ImportReport? Report { get; private set; }
    public bool Busy => Current.State is "checking" or "importing";

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is { } missing) return missing;
        if (Busy) Response.Headers.Append("Refresh", "2");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } missing) return missing;
        if (Current.State != "checked" || Report is not { Valid: true })
        {
            ModelState.AddModelError("", Current.State == "imported" ? "This file has already been imported" : "This file cannot be imported: correct the problems listed and upload it again");
            return Page();
        }
        await using var conn = await db.OpenConnectionAsync();
        // Only one confirmation starts the import, however many times the button is pressed.
        var started = await conn.ExecuteAsync("update import_upload set state = 'importing', rows_read = 0, updated_at = now() where id = @Id and state = 'checked'", new { Id });
        if (started == 1) runner.Start(Id, dryRun: false, User.Identity!.Name!);
        return Redirect($"/Import/Upload/{Id}");
    }

    private async Task<IActionResult?> LoadAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var upload = await conn.QuerySingleOrDefaultAsync<Upload>("""
            select id as "Id", kind as "Kind", file_name as "FileName", state as "State", rows_read as "RowsRead", report::text as "Report",
                   problem as "Problem", uploaded_by as "UploadedBy", uploaded_at as "UploadedAt",
                   create_organisations as "CreateOrganisations", allow_similar as "AllowSimilar"
            from import_upload where id = @Id
            """, new { Id });
        if (upload is null || (upload.UploadedBy != User.Identity!.Name && !User.IsInRole(Security.Roles.Admin))) return NotFound();
        Current = upload;
        if (upload.Report is not null) Report = JsonSerializer.Deserialize<ImportReport>(upload.Report, ImportRunner.Json);
        return null;
    }
}
