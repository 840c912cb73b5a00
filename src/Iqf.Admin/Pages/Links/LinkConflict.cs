using System.Data.Common;
using Dapper;
using Iqf.Admin.Web.Records;

namespace Iqf.Admin.Pages.Links;

/// <summary>
/// What others changed in a link (its own fields, and the records it belongs to) since an editor
/// opened a form, read from the history so a refused stale save can show it. link_owner rows
/// are keyed by their own id in the history, so they are found by the link_id they carry.
/// </summary>
public static class LinkConflict
{
    /// <summary>The owner a link_owner history row (jsonb j) names, as people read it.</summary>
    public const string OwnerLabelSql = """
        coalesce((select q.reference || ' ' || q.title from qualification q where q.id = (j ->> 'qualification_id')::bigint),
                 (select o.name::text from organisation o where o.id = (j ->> 'organisation_id')::bigint),
                 (select r.title::text from job_role r where r.id = (j ->> 'job_role_id')::bigint),
                 (select k.owner_label from link_owner_key k where k.link_owner_id = (j ->> 'id')::bigint),
                 (select d.code::text || ' ' || d.title from source_document d where d.id = (j ->> 'source_document_id')::bigint),
                 'a record deleted since')
        """;

    public static async Task<List<EditConflict.Change>> SinceAsync(DbConnection conn, long id, long loadedAtMs) =>
        (await conn.QueryAsync<EditConflict.Change>($"""
            select occurred_at as "OccurredAt", actor as "Actor", what as "What", theirs as "Theirs" from (
              select h.id, h.occurred_at, h.actor, replace(f, '_', ' ') as what, h.after ->> f as theirs
              from history h cross join lateral unnest(h.changed_fields) f
              where h.table_name = 'external_link' and h.row_key = jsonb_build_object('id', @id::bigint) and h.operation = 'U'
                and h.occurred_at >= @since and f <> 'updated_at'
              union all
              select h.id, h.occurred_at, h.actor,
                     case h.operation when 'I' then 'record added' when 'D' then 'record removed' else 'purpose changed' end,
                     {OwnerLabelSql} || case when h.operation = 'U' then ': ' || coalesce(h.after ->> 'purpose', '(no purpose)') else '' end
              from history h cross join lateral (select coalesce(h.after, h.before) as j) x
              where h.table_name = 'link_owner' and (x.j ->> 'link_id')::bigint = @id and h.occurred_at >= @since
            ) changes
            order by id
            """, new { id, since = DateTimeOffset.FromUnixTimeMilliseconds(loadedAtMs) })).ToList();
}
