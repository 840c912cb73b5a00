using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Frameworks;

/// <summary>A framework with its ladder of levels, what is levelled at each, and each level's equivalences.</summary>
public class DetailsModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Summary(int Id, string Code, string Name, string? Description, DateTime? ValidFrom, DateTime? ValidTo,
        DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt);
    public sealed record LevelRow(int Id, string Code, string Name, short Ordinal, string? Description, bool Archived,
        int Qualifications, int ArchivedQualifications, int Modules);
    /// <summary>One equivalence seen from a level of this framework.</summary>
    public sealed record EquivalenceRow(int LevelId, int OtherId, int OtherFrameworkId, string OtherFramework, string OtherCode, string OtherName,
        bool OtherArchived, string? Note, string? Source);

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public Summary F { get; private set; } = null!;
    public List<LevelRow> Levels { get; private set; } = [];
    public ILookup<int, EquivalenceRow> Equivalences { get; private set; } = Enumerable.Empty<EquivalenceRow>().ToLookup(e => e.LevelId);
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanDelete => User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        using var grid = await conn.QueryMultipleAsync("""
            select f.id as "Id", f.code::text as "Code", f.name as "Name", f.description as "Description",
                   f.valid_from::timestamp as "ValidFrom", f.valid_to::timestamp as "ValidTo",
                   f.created_at as "CreatedAt", f.updated_at as "UpdatedAt", f.archived_at as "ArchivedAt"
            from level_framework f where f.id = @id;

            select l.id as "Id", l.code::text as "Code", l.name as "Name", l.ordinal as "Ordinal", l.description as "Description",
                   l.archived_at is not null as "Archived",
                   (select count(*)::int from qualification_level ql join qualification q on q.id = ql.qualification_id
                    where ql.level_id = l.id and q.archived_at is null) as "Qualifications",
                   (select count(*)::int from qualification_level ql join qualification q on q.id = ql.qualification_id
                    where ql.level_id = l.id and q.archived_at is not null) as "ArchivedQualifications",
                   (select count(*)::int from module m where m.level_id = l.id and m.archived_at is null) as "Modules"
            from level l where l.framework_id = @id
            order by l.ordinal;

            select l.id as "LevelId", o.id as "OtherId", f.id as "OtherFrameworkId", f.code::text as "OtherFramework",
                   o.code::text as "OtherCode", o.name as "OtherName", o.archived_at is not null as "OtherArchived",
                   e.note as "Note", e.source as "Source"
            from level l
            join level_equivalence e on l.id in (e.level_a_id, e.level_b_id)
            join level o on o.id = case when e.level_a_id = l.id then e.level_b_id else e.level_a_id end
            join level_framework f on f.id = o.framework_id
            where l.framework_id = @id
            order by l.ordinal, f.code, o.ordinal;
            """, new { id = Id });
        var f = await grid.ReadSingleOrDefaultAsync<Summary>();
        if (f is null) return NotFound();
        F = f;
        Levels = (await grid.ReadAsync<LevelRow>()).ToList();
        Equivalences = (await grid.ReadAsync<EquivalenceRow>()).ToLookup(e => e.LevelId);
        return Page();
    }

    public static string Dates(DateTime? from, DateTime? to) => (from, to) switch
    {
        (null, null) => "Dates not recorded",
        (not null, null) => $"From {from:d MMMM yyyy}",
        (null, not null) => $"Until {to:d MMMM yyyy}",
        _ => $"{from:d MMMM yyyy} to {to:d MMMM yyyy}",
    };
}
