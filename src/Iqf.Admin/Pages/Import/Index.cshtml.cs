using Dapper;
using Iqf.Data.Import;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Import;

/// <summary>
/// Upload a CSV file in one of the import formats. The file is checked first (a dry run): the
/// next page shows what would change, record by record, and every error with its line and
/// column; nothing is written until the person confirms.
/// </summary>
[RequestSizeLimit(MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBytes)]
public class IndexModel(NpgsqlDataSource db, ImportRunner runner) : PageModel
{
    public const int MaxBytes = 200 * 1024 * 1024;

    public sealed record Recent(Guid Id, string Kind, string FileName, string State, DateTime UploadedAt, long RowsRead);

    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public bool CreateOrganisations { get; set; }
    [BindProperty] public bool AllowSimilar { get; set; }
    public List<Recent> Uploads { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (Kind is null || ImportKinds.Find(Kind) is null) ModelState.AddModelError(nameof(Kind), "Select what the file holds");
        if (Upload is null || Upload.Length == 0) ModelState.AddModelError(nameof(Upload), "Select a CSV file");
        else if (Upload.Length > MaxBytes) ModelState.AddModelError(nameof(Upload), $"The file must be smaller than {MaxBytes / 1024 / 1024} MB");
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        using var buffer = new MemoryStream();
        await Upload!.CopyToAsync(buffer);
        await using var conn = await db.OpenConnectionAsync();
        // Uploads left unconfirmed for a day are forgotten.
        await conn.ExecuteAsync("delete from import_upload where uploaded_at < now() - interval '1 day' and state <> 'importing'");
        var id = await conn.ExecuteScalarAsync<Guid>("""
            insert into import_upload (kind, file_name, content, create_organisations, allow_similar, uploaded_by)
            values (@Kind, @name, @content, @CreateOrganisations, @AllowSimilar, @user) returning id
            """, new { Kind, name = Path.GetFileName(Upload.FileName), content = buffer.ToArray(), CreateOrganisations, AllowSimilar, user = User.Identity!.Name });
        runner.Start(id, dryRun: true, User.Identity!.Name!);
        return Redirect($"/Import/Upload/{id}");
    }

    private async Task LoadAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Uploads = (await conn.QueryAsync<Recent>("""
            select id as "Id", kind as "Kind", file_name as "FileName", state as "State", uploaded_at as "UploadedAt", rows_read as "RowsRead"
            from import_upload where uploaded_by = @user order by uploaded_at desc limit 10
            """, new { user = User.Identity!.Name })).ToList();
    }
}
