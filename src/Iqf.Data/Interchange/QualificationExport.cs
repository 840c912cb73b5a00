using System.Globalization;
using Dapper;
using Npgsql;

namespace Iqf.Data.Interchange;

/// <summary>
/// Writes qualifications in the interchange CSV format (../shared/docs/interchange.md, section
/// "qualifications"): exactly those columns, in that order, so the file imports back unchanged.
/// </summary>
public static class QualificationExport
{
    public static readonly string[] Columns =
    [
        "reference", "title", "type", "level", "framework", "other_levels", "awarding_body", "status", "operational_start",
        "operational_end", "certification_end", "credits", "glh", "tqt", "age_focus", "sector_subject_area", "url",
        "common_core_status", "notes",
    ];

    /// <summary>Writes the qualifications with the given ids (all when null), ordered by reference.</summary>
    public static async Task WriteAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select q.reference, q.title, q.type,
                   (select string_agg(l.level_code, '/' order by l.ordinal) from qualification_level ql join level_lookup l on l.level_id = ql.level_id
                     where ql.qualification_id = q.id and ql.is_primary) as level,
                   (select min(l.framework_code::text) from qualification_level ql join level_lookup l on l.level_id = ql.level_id
                     where ql.qualification_id = q.id and ql.is_primary) as framework,
                   (select string_agg(l.framework_code || ':' || l.level_code, ';' order by l.framework_code, l.ordinal) from qualification_level ql
                     join level_lookup l on l.level_id = ql.level_id where ql.qualification_id = q.id and not ql.is_primary) as other_levels,
                   o.name::text as awarding_body, q.status, q.operational_start, q.operational_end, q.certification_end,
                   q.credits, q.glh, q.tqt, q.age_focus, s.code as sector_subject_area,
                   (select e.url from link_owner lo join external_link e on e.id = lo.link_id where lo.qualification_id = q.id order by lo.id limit 1) as url,
                   q.common_core_status, q.notes
            from qualification q
            left join organisation o on o.id = q.awarding_body_id
            left join sector_subject_area s on s.id = q.sector_subject_area_id
            where (@all or q.id = any (@ids))
            order by q.reference
            """, new { all = ids is null, ids = ids?.ToArray() ?? [] }, cancellationToken: ct));

        await InterchangeCsv.WriteAsync(rows, Columns, output);
    }

}
