using Dapper;
using Npgsql;

namespace Iqf.Data.Interchange;

/// <summary>
/// Writes progression routes in the interchange CSV format (../shared/docs/interchange.md,
/// section "routes"): exactly those columns, in that order, so the file imports back unchanged.
/// A role end is written as the role's title and a qualification end as its reference; the
/// bridging qualifications and modules are ";"-separated in the route's own order.
/// </summary>
public static class RouteExport
{
    public static readonly string[] Columns =
    [
        "from_role", "from_qualification", "to_role", "to_qualification", "direction", "mechanism", "via_qualifications", "via_modules", "notes",
    ];

    /// <summary>
    /// Writes the routes with the given ids (all when null). The order is fixed, so two exports of
    /// the same data are the same file: by where the route starts (role title or qualification
    /// reference), then where it leads, then mechanism, each compared case-insensitively in code
    /// point order (not the server's locale), a role before a qualification spelled the same. From,
    /// to and mechanism are unique together, so no two rows tie.
    /// </summary>
    public static async Task WriteAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select fr.title::text as from_role, fq.reference as from_qualification,
                   tr.title::text as to_role, tq.reference as to_qualification,
                   p.direction, p.mechanism,
                   (select string_agg(q.reference, ';' order by v.position, q.reference)
                      from route_via_qualification v join qualification q on q.id = v.qualification_id where v.route_id = p.id) as via_qualifications,
                   (select string_agg(m.code::text, ';' order by v.position, m.code)
                      from route_via_module v join module m on m.id = v.module_id where v.route_id = p.id) as via_modules,
                   p.notes
            from progression_route p
            left join job_role fr on fr.id = p.from_role_id
            left join qualification fq on fq.id = p.from_qualification_id
            left join job_role tr on tr.id = p.to_role_id
            left join qualification tq on tq.id = p.to_qualification_id
            where (@all or p.id = any (@ids))
            order by lower(coalesce(fr.title::text, fq.reference)) collate "C", lower(coalesce(tr.title::text, tq.reference)) collate "C",
                     p.mechanism collate "C", p.from_role_id is null, p.to_role_id is null
            """, new { all = ids is null, ids = ids?.ToArray() ?? [] }, cancellationToken: ct));

        await InterchangeCsv.WriteAsync(rows, Columns, output);
    }
}
