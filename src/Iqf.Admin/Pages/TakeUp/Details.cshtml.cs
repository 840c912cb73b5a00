using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.TakeUpFigures;

/// <summary>One take-up figure, with the qualification's other figures beside it for context.</summary>
public class DetailsModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Summary(long Id, long QualificationId, string Reference, string Title, short Year, string Source, int Learners,
        DateTime CreatedAt, DateTime UpdatedAt);
    public sealed record Sibling(long Id, short Year, string Source, int Learners);

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public Summary T { get; private set; } = null!;
    public List<Sibling> Others { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using var grid = await conn.QueryMultipleAsync("""
            select t.id as "Id", q.id as "QualificationId", q.reference as "Reference", q.title as "Title", t.year as "Year", t.source as "Source",
                   t.learners as "Learners", t.created_at as "CreatedAt", t.updated_at as "UpdatedAt"
            from take_up t join qualification q on q.id = t.qualification_id where t.id = @id;

            select o.id as "Id", o.year as "Year", o.source as "Source", o.learners as "Learners"
            from take_up t join take_up o on o.qualification_id = t.qualification_id and o.id <> t.id
            where t.id = @id order by o.year desc, o.source limit 20;
            """, new { id = Id });
        var t = await grid.ReadSingleOrDefaultAsync<Summary>();
        if (t is null) return NotFound();
        T = t;
        Others = (await grid.ReadAsync<Sibling>()).ToList();
        return Page();
    }
}
