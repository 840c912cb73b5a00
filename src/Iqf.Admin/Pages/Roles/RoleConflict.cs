using System.Data.Common;
using Dapper;
using Iqf.Admin.Web.Records;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>
/// What others changed in a role (its own fields, aliases, clusters and qualification links)
/// since an editor opened a form, read from the history so a refused stale save can show it.
/// </summary>
public static class RoleConflict
{
    public static async Task<List<EditConflict.Change>> SinceAsync(DbConnection conn, long id, long loadedAtMs) =>
        (await conn.QueryAsync<EditConflict.Change>("""
            select occurred_at as "OccurredAt", actor as "Actor", what as "What", theirs as "Theirs" from (
            select h.occurred_at, h.actor,
                   case f when 'registration_body_id' then 'registration body' else replace(f, '_', ' ') end as what,
                   case f when 'registration_body_id' then (select o.name::text from organisation o where o.id = (h.after ->> f)::bigint)
                          else h.after ->> f end as theirs, h.id
            from history h cross join lateral unnest(h.changed_fields) f
            where h.table_name = 'job_role' and h.row_key = jsonb_build_object('id', @id::bigint) and h.operation = 'U' and h.occurred_at >= @since
            union all
            select h.occurred_at, h.actor, case h.operation when 'D' then 'alias removed' else 'alias added' end,
                   coalesce(h.after, h.before) ->> 'alias', h.id
            from history h
            where h.table_name = 'job_role_alias' and h.row_key @> jsonb_build_object('job_role_id', @id::bigint) and h.occurred_at >= @since
            union all
            select h.occurred_at, h.actor, 'cluster in ' || s.code,
                   case h.operation when 'D' then '(not placed)' else cp.path end, h.id
            from history h
            left join clustering_scheme s on s.id = (coalesce(h.after, h.before) ->> 'scheme_id')::integer
            left join cluster_path cp on cp.cluster_id = (h.after ->> 'cluster_id')::integer
            where h.table_name = 'job_role_cluster' and h.row_key @> jsonb_build_object('job_role_id', @id::bigint) and h.occurred_at >= @since
            union all
            select h.occurred_at, h.actor,
                   case h.operation when 'I' then 'qualification added' when 'U' then 'qualification link changed' else 'qualification removed' end,
                   q.reference || ' ' || q.title, h.id
            from history h
            left join qualification q on q.id = (coalesce(h.after, h.before) ->> 'qualification_id')::bigint
            where h.table_name = 'role_qualification' and h.row_key @> jsonb_build_object('job_role_id', @id::bigint) and h.occurred_at >= @since
            ) changes
            order by id
            """, new { id, since = DateTimeOffset.FromUnixTimeMilliseconds(loadedAtMs) })).ToList();
}
