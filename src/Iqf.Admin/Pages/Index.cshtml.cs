using Dapper;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages;

/// <summary>The dashboard: how much is held, what changed lately, and what needs attention.</summary>
public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Change(DateTime OccurredAt, string Actor, string Description);

    public List<(string Kind, long Count, string? Href)> Counts { get; } = [];
    public List<Change> RecentChanges { get; private set; } = [];
    public long OpenFlags { get; private set; }
    public long BrokenLinks { get; private set; }

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        // One round trip for the dashboard's figures.
        using var grid = await conn.QueryMultipleAsync("""
            select (select count(*) from qualification where archived_at is null) as qualifications,
                   (select count(*) from module where archived_at is null) as modules,
                   (select count(*) from job_role where archived_at is null) as roles,
                   (select count(*) from organisation where archived_at is null) as organisations,
                   (select count(*) from external_link) as links,
                   (select count(*) from review_flag where resolved_at is null) as open_flags,
                   (select count(*) from external_link where state in ('broken', 'blocked') and not ignored) as broken_links;
            select occurred_at as "OccurredAt", actor as "Actor", case operation when 'I' then 'Added ' when 'U' then 'Changed ' else 'Deleted ' end
                   || replace(table_name, '_', ' ') || ' ' || row_key::text as "Description"
            from history order by id desc limit 10;
            """);
        var c = await grid.ReadSingleAsync();
        Counts.Add(("Qualifications", (long)c.qualifications, "/Qualifications"));
        Counts.Add(("Modules", (long)c.modules, "/Modules"));
        Counts.Add(("Job roles", (long)c.roles, "/Roles"));
        Counts.Add(("Organisations", (long)c.organisations, "/Organisations"));
        Counts.Add(("External links", (long)c.links, "/Links"));
        OpenFlags = c.open_flags;
        BrokenLinks = c.broken_links;
        RecentChanges = (await grid.ReadAsync<Change>()).ToList();
    }
}
