using System.Data.Common;
using Dapper;

namespace Iqf.Admin.Pages.Standards;

/// <summary>
/// The modules mapped to a standard and, through them, the qualifications that cover it: shown on
/// the standard's page and on the page that changes its modules.
/// </summary>
public static class StandardCoverage
{
    public sealed record ModuleRow(long Id, string Code, string Title, string? Level, bool Archived, int Qualifications);
    /// <param name="Via">the mapped modules this qualification contains, by code</param>
    /// <param name="Mandatory">whether at least one of them is mandatory in it (so every holder has covered the standard)</param>
    public sealed record QualificationRow(long Id, string Reference, string Title, string Status, bool Archived, string Via, bool Mandatory);

    public static async Task<(List<ModuleRow> Modules, List<QualificationRow> Qualifications)> LoadAsync(DbConnection conn, long standardId, DbTransaction? tx = null)
    {
        using var grid = await conn.QueryMultipleAsync("""
            select m.id as "Id", m.code::text as "Code", m.title as "Title", l.framework_code || ' ' || l.level_code as "Level",
                   m.archived_at is not null as "Archived",
                   (select count(*)::int from qualification_module qm where qm.module_id = m.id) as "Qualifications"
            from module_standard ms join module m on m.id = ms.module_id left join level_lookup l on l.level_id = m.level_id
            where ms.standard_id = @standardId
            order by m.code;

            select q.id as "Id", q.reference as "Reference", q.title as "Title", q.status as "Status", q.archived_at is not null as "Archived",
                   string_agg(m.code::text, ', ' order by m.code) as "Via", bool_or(qm.mandatory) as "Mandatory"
            from module_standard ms
            join module m on m.id = ms.module_id
            join qualification_module qm on qm.module_id = ms.module_id
            join qualification q on q.id = qm.qualification_id
            where ms.standard_id = @standardId
            group by q.id
            order by q.archived_at is not null, q.reference;
            """, new { standardId }, tx);
        return ((await grid.ReadAsync<ModuleRow>()).ToList(), (await grid.ReadAsync<QualificationRow>()).ToList());
    }
}
