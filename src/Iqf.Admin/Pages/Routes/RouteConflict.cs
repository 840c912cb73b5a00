using System.Data.Common;
using Dapper;
using Iqf.Admin.Web.Records;

namespace Iqf.Admin.Pages.Routes;

/// <summary>
/// What others changed in a route (its own fields, its bridging qualifications and modules)
/// since an editor opened the form, read from the history so a refused stale save can show it,
/// with ends, qualifications and modules named rather than numbered.
/// </summary>
public static class RouteConflict
{
    public static async Task<List<EditConflict.Change>> SinceAsync(DbConnection conn, long id, long loadedAtMs) =>
        (await conn.QueryAsync<EditConflict.Change>("""
            select occurred_at as "OccurredAt", actor as "Actor", what as "What", theirs as "Theirs" from (
            select h.occurred_at, h.actor, h.id,
                   case f when 'from_role_id' then 'from job role' when 'to_role_id' then 'to job role'
                          when 'from_qualification_id' then 'from qualification' when 'to_qualification_id' then 'to qualification'
                          else replace(f, '_', ' ') end as what,
                   case when f in ('from_role_id', 'to_role_id') then (select r.title::text from job_role r where r.id = (h.after ->> f)::bigint)
                        when f in ('from_qualification_id', 'to_qualification_id') then (select q.reference || ' ' || q.title from qualification q where q.id = (h.after ->> f)::bigint)
                        else h.after ->> f end as theirs
            from history h cross join lateral unnest(h.changed_fields) f
            where h.table_name = 'progression_route' and h.row_key = jsonb_build_object('id', @id::bigint) and h.operation = 'U'
              and h.occurred_at >= @since and f <> 'updated_at'
            union all
            select h.occurred_at, h.actor, h.id,
                   case h.operation when 'I' then 'via qualification added' when 'U' then 'via qualification moved' else 'via qualification removed' end,
                   q.reference || ' ' || q.title
            from history h
            left join qualification q on q.id = (coalesce(h.after, h.before) ->> 'qualification_id')::bigint
            where h.table_name = 'route_via_qualification' and h.row_key @> jsonb_build_object('route_id', @id::bigint) and h.occurred_at >= @since
            union all
            select h.occurred_at, h.actor, h.id,
                   case h.operation when 'I' then 'via module added' when 'U' then 'via module moved' else 'via module removed' end,
                   m.code::text || ' ' || m.title
            from history h
            left join module m on m.id = (coalesce(h.after, h.before) ->> 'module_id')::bigint
            where h.table_name = 'route_via_module' and h.row_key @> jsonb_build_object('route_id', @id::bigint) and h.occurred_at >= @since
            ) changes
            order by id
            """, new { id, since = DateTimeOffset.FromUnixTimeMilliseconds(loadedAtMs) })).ToList();
}
