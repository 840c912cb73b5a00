using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>Who changed what and when, field by field, for the qualification and the rows that belong to it.</summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    // Rows of these tables carry qualification_id in their key: they are part of the record.
    private static readonly string[] ChildTables =
        ["qualification_level", "qualification_module", "qualification_common_core", "role_qualification", "qualification_source_document"];

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public string Title { get; private set; } = "";
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        // A deleted qualification still has its history; its name comes from the last record of it.
        var title = await conn.ExecuteScalarAsync<string?>("select reference || ' ' || title from qualification where id = @Id", new { Id })
                    ?? await RecordHistory.DeletedNameAsync(conn, "qualification", Id, "before ->> 'reference' || ' ' || (before ->> 'title')");
        if (title is null) return NotFound();
        Title = title;
        var view = await RecordHistory.LoadAsync(conn, "qualification", Id, "qualification_id", ChildTables);
        view = view with { Entries = view.Entries.Concat(await WebLinkEntriesAsync(conn)).OrderByDescending(e => e.Id).Take(500).ToList() };
        View = view with { ValueLabels = await NamesAsync(conn, view) };
        return Page();
    }

    /// <summary>
    /// The qualification's web links (link_owner rows). They have an id of their own, so their
    /// history key does not name the qualification: they are found by the values they held, and
    /// shown as "web link" rather than by their table's name.
    /// </summary>
    private async Task<IEnumerable<RecordHistory.Entry>> WebLinkEntriesAsync(NpgsqlConnection conn) =>
        await conn.QueryAsync<RecordHistory.Entry>("""
            select id as "Id", occurred_at as "OccurredAt", actor as "Actor", 'qualification_web_link' as "TableName", operation as "Operation",
                   before::text as "Before", after::text as "After", changed_fields as "ChangedFields"
            from history
            where table_name = 'link_owner' and coalesce(after, before) @> jsonb_build_object('qualification_id', @Id)
            order by id desc
            limit 500
            """, new { Id });

    /// <summary>Names for the ids the entries hold: roles by title, modules by code, levels by framework, addresses by URL.</summary>
    private static async Task<Dictionary<string, IReadOnlyDictionary<string, string>>> NamesAsync(NpgsqlConnection conn, RecordHistory.View view)
    {
        var ids = RecordHistory.Ids(view, "job_role_id", "module_id", "level_id", "link_id");
        var rows = await conn.QueryAsync<(string Field, string Id, string Name)>("""
            select 'job_role_id', id::text, title::text from job_role where id = any (@roles)
            union all select 'module_id', id::text, code::text || ' ' || title from module where id = any (@modules)
            union all select 'level_id', level_id::text, framework_code::text || ' ' || level_code::text from level_lookup where level_id = any (@levels)
            union all select 'link_id', id::text, url from external_link where id = any (@links)
            -- An address deleted with its last link is named by its deletion record.
            union all select distinct on (row_key) 'link_id', before ->> 'id', before ->> 'url' from history
                      where table_name = 'external_link' and operation = 'D' and (before ->> 'id')::bigint = any (@links)
                        and not exists (select 1 from external_link e where e.id = (history.before ->> 'id')::bigint)
            """, new { roles = ids["job_role_id"], modules = ids["module_id"], levels = ids["level_id"].Select(i => (int)i).ToArray(), links = ids["link_id"] });
        return rows.GroupBy(r => r.Field)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, string>)g.GroupBy(r => r.Id).ToDictionary(r => r.Key, r => r.First().Name));
    }
}
