using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Links;

/// <summary>
/// Who changed what and when for a link: its address and ignored flag (and the state changes the
/// checker made alongside), and the records added to and removed from it. link_owner rows are
/// keyed by their own id in the history, so they are found by the link_id they carry rather
/// than through RecordHistory.LoadAsync's parent key.
/// </summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    private static readonly string[] OwnerColumns = ["qualification_id", "organisation_id", "job_role_id", "provider_offering_id", "source_document_id"];

    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public string Address { get; private set; } = "";
    public bool Removed { get; private set; }
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        // A removed link still has its history; its address comes from the last record of it.
        var url = await conn.ExecuteScalarAsync<string?>("select url from external_link where id = @Id", new { Id });
        Removed = url is null;
        url ??= await RecordHistory.DeletedNameAsync(conn, "external_link", Id, "before ->> 'url'");
        if (url is null) return NotFound();
        Address = url;
        var entries = await conn.QueryAsync<RecordHistory.Entry>("""
            select id as "Id", occurred_at as "OccurredAt", actor as "Actor", table_name as "TableName", operation as "Operation",
                   before::text as "Before", after::text as "After", changed_fields as "ChangedFields"
            from history h
            where (h.table_name = 'external_link' and h.row_key = jsonb_build_object('id', @Id))
               or (h.table_name = 'link_owner' and (coalesce(h.after, h.before) ->> 'link_id')::bigint = @Id)
            order by h.id desc
            limit 500
            """, new { Id });
        var view = new RecordHistory.View("external_link", "link_id", entries.ToList());
        View = view with { ValueLabels = await OwnerNamesAsync(conn, view) };
        return Page();
    }

    /// <summary>Owners by name rather than id (a record deleted since keeps its id).</summary>
    private static async Task<Dictionary<string, IReadOnlyDictionary<string, string>>> OwnerNamesAsync(NpgsqlConnection conn, RecordHistory.View view)
    {
        var ids = RecordHistory.Ids(view, OwnerColumns);
        using var grid = await conn.QueryMultipleAsync("""
            select id::text, reference || ' ' || title from qualification where id = any (@q);
            select id::text, name::text from organisation where id = any (@o);
            select id::text, title::text from job_role where id = any (@r);
            select po.id::text, p.name::text || ': ' || q.reference || ' (' || po.region || ', ' || po.mode || ')'
              from provider_offering po join organisation p on p.id = po.provider_id join qualification q on q.id = po.qualification_id where po.id = any (@p);
            select id::text, code::text || ' ' || title from source_document where id = any (@d);
            """, new { q = ids["qualification_id"], o = ids["organisation_id"], r = ids["job_role_id"], p = ids["provider_offering_id"], d = ids["source_document_id"] });
        var labels = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var column in OwnerColumns)
            labels[column] = (await grid.ReadAsync<(string Id, string Name)>()).ToDictionary(x => x.Id, x => x.Name);
        return labels;
    }
}
