using Dapper;
using Npgsql;

namespace Iqf.Admin.Pages.Qualifications;

public sealed record LikelyDuplicate(long Id, string Reference, string Title, string? AwardingBody, double Similarity, string Reason);

/// <summary>
/// Qualifications that are probably the one being entered: the same reference written another
/// way (obliques, hyphens, spaces aside), or a similar title from the same awarding body at an
/// overlapping level. Entering a qualification twice was the sources' hardest data problem.
/// </summary>
public static class DuplicateFinder
{
    public const double TitleThreshold = 0.5;

    public static async Task<List<LikelyDuplicate>> FindAsync(NpgsqlConnection conn, long? exceptId, string reference, string title,
        long? awardingBodyId, int[] primaryLevelIds)
    {
        var rows = await conn.QueryAsync<LikelyDuplicate>("""
            select q.id as "Id", q.reference as "Reference", q.title as "Title", o.name::text as "AwardingBody",
                   similarity(search_text(q.title), search_text(@title))::float8 as "Similarity",
                   case when regexp_replace(q.reference, '[^A-Z0-9]', '', 'g') = regexp_replace(upper(@reference), '[^A-Z0-9]', '', 'g')
                        then 'the same reference written another way'
                        else 'a similar title from the same awarding body at the same level' end as "Reason"
            from qualification q left join organisation o on o.id = q.awarding_body_id
            where q.id <> coalesce(@exceptId, -1) and q.archived_at is null
              and (regexp_replace(q.reference, '[^A-Z0-9]', '', 'g') = regexp_replace(upper(@reference), '[^A-Z0-9]', '', 'g')
                   or (search_text(q.title) % search_text(@title)
                       and similarity(search_text(q.title), search_text(@title)) >= @threshold
                       and q.awarding_body_id is not distinct from @awardingBodyId
                       and (case when cardinality(@levels) = 0
                                 then not exists (select 1 from qualification_level ql where ql.qualification_id = q.id and ql.is_primary)
                                 else exists (select 1 from qualification_level ql where ql.qualification_id = q.id and ql.is_primary and ql.level_id = any (@levels)) end)))
            order by 5 desc, q.reference
            limit 10
            """, new { exceptId, reference, title, awardingBodyId, levels = primaryLevelIds, threshold = TitleThreshold });
        return rows.ToList();
    }
}
