using System.Data.Common;
using Dapper;
using Iqf.Admin.Web.Records;

namespace Iqf.Admin.Pages.Standards;

/// <summary>
/// What others changed in a standard (its own fields, and the modules mapped to it) since an
/// editor opened a form, read from the history so a refused stale save can show it. The suite
/// and the modules are named by code, not by id.
/// </summary>
public static class StandardConflict
{
    public static async Task<List<EditConflict.Change>> SinceAsync(DbConnection conn, long id, long loadedAtMs) =>
        (await conn.QueryAsync<EditConflict.Change>("""
            select occurred_at as "OccurredAt", actor as "Actor", what as "What", theirs as "Theirs" from (
            select h.occurred_at, h.actor, case f when 'suite_id' then 'suite' else replace(f, '_', ' ') end as what,
                   case f when 'suite_id' then (select s.code::text || ' ' || s.title from nos_suite s where s.id = (h.after ->> f)::bigint)
                          else h.after ->> f end as theirs, h.id
            from history h cross join lateral unnest(h.changed_fields) f
            where h.table_name = 'occupational_standard' and h.row_key = jsonb_build_object('id', @id::bigint) and h.operation = 'U'
              and h.occurred_at >= @since and f not in ('updated_at')
            union all
            select h.occurred_at, h.actor, case h.operation when 'D' then 'module removed' else 'module added' end,
                   coalesce(m.code::text || ' ' || m.title, 'module ' || (coalesce(h.after, h.before) ->> 'module_id')), h.id
            from history h
            left join module m on m.id = (coalesce(h.after, h.before) ->> 'module_id')::bigint
            where h.table_name = 'module_standard' and h.row_key @> jsonb_build_object('standard_id', @id::bigint) and h.occurred_at >= @since
            ) changes
            order by id
            """, new { id, since = DateTimeOffset.FromUnixTimeMilliseconds(loadedAtMs) })).ToList();
}
