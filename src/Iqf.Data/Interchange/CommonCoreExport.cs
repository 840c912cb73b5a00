using Dapper;
using Npgsql;

namespace Iqf.Data.Interchange;

/// <summary>
/// Writes Common Core mappings in the interchange CSV format (../shared/docs/interchange.md,
/// section "common-core"): exactly those columns, in that order, so the file imports back
/// unchanged. Both kinds of mapping are written: a qualification's own (empty
/// <c>module_code</c>) and those of the modules it contains.
/// <para>
/// A module's mapping belongs to the module, wherever it is used. The format reaches a module
/// through a qualification that contains it, and a row repeated through another such
/// qualification is the same mapping; so each module mapping is written once, through the first
/// (by reference) of the chosen qualifications that contain the module. A file of a selection
/// therefore holds the mappings of every module in it, and no reader counting rows counts a
/// shared module twice. A module that no qualification contains has no row to go in, so its
/// mappings cannot be written in this format.
/// </para>
/// </summary>
public static class CommonCoreExport
{
    public static readonly string[] Columns = ["qualification_reference", "module_code", "area", "version", "coverage", "evidence"];

    /// <summary>
    /// Writes the mappings of the qualifications with the given ids and of their modules (all
    /// qualifications when null). Ordered by qualification reference; within a qualification its
    /// own mappings first, then its modules in its order; within each, by area number.
    /// </summary>
    public static async Task WriteAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            with chosen as (
              select q.id, q.reference from qualification q where (@all or q.id = any (@ids))
            ),
            -- Each module once, through the first chosen qualification (by reference) containing it.
            carrier as (
              select distinct on (qm.module_id) qm.module_id, c.id as qualification_id, c.reference, qm.position
              from qualification_module qm join chosen c on c.id = qm.qualification_id
              order by qm.module_id, c.reference
            )
            select c.reference as qualification_reference, null::text as module_code, a.number as area, v.code as version,
                   qc.coverage, qc.evidence, 0 as part, 0 as position, ''::text as code_order
            from chosen c
            join qualification_common_core qc on qc.qualification_id = c.id
            join common_core_area a on a.id = qc.area_id
            join common_core_version v on v.id = qc.version_id
            union all
            select k.reference, m.code::text, a.number, v.code, mc.coverage, mc.evidence, 1, k.position, m.code::text
            from carrier k
            join module m on m.id = k.module_id
            join module_common_core mc on mc.module_id = m.id
            join common_core_area a on a.id = mc.area_id
            join common_core_version v on v.id = mc.version_id
            order by qualification_reference, part, position, code_order, area
            """, new { all = ids is null, ids = ids?.ToArray() ?? [] }, cancellationToken: ct));

        await InterchangeCsv.WriteAsync(rows, Columns, output);
    }
}
