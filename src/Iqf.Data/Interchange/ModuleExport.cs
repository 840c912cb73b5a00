using Dapper;
using Npgsql;

namespace Iqf.Data.Interchange;

/// <summary>
/// Writes modules in the interchange CSV format (../shared/docs/interchange.md, section
/// "modules"): exactly those columns, in that order, so the file imports back unchanged.
/// <para>
/// The format is a qualification's module list: every row names the qualification
/// (<c>qualification_reference</c> is required) and says whether the module is mandatory there
/// and in which group. So a module is written once for each qualification that contains it, and
/// <b>a module that no qualification contains cannot be written at all</b>: it is left out of
/// the file. <see cref="LeftOutAsync"/> names those, so a caller can say so.
/// </para>
/// </summary>
public static class ModuleExport
{
    public static readonly string[] Columns =
        ["qualification_reference", "code", "title", "level", "framework", "credits", "glh", "mandatory", "group"];

    /// <summary>
    /// Writes the modules with the given ids (all when null), one row per qualification
    /// containing each, ordered by qualification reference and then as that qualification
    /// orders its modules (so a qualification's rows read as its module list).
    /// </summary>
    public static async Task WriteAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select q.reference as qualification_reference, m.code::text as code, m.title,
                   l.level_code::text as level, l.framework_code::text as framework,
                   m.credits, m.glh, qm.mandatory, qm.group_name as "group"
            from qualification_module qm
            join module m on m.id = qm.module_id
            join qualification q on q.id = qm.qualification_id
            left join level_lookup l on l.level_id = m.level_id
            where (@all or m.id = any (@ids))
            order by q.reference, qm.position, m.code
            """, new { all = ids is null, ids = ids?.ToArray() ?? [] }, cancellationToken: ct));

        await InterchangeCsv.WriteAsync(rows, Columns, output);
    }

    /// <summary>The given modules that no qualification contains (and so are not in the file), by code.</summary>
    public static async Task<List<(long Id, string Code)>> LeftOutAsync(NpgsqlConnection conn, IReadOnlyCollection<long> ids, CancellationToken ct = default) =>
        (await conn.QueryAsync<(long, string)>(new CommandDefinition("""
            select m.id, m.code::text from module m
            where m.id = any (@ids) and not exists (select 1 from qualification_module qm where qm.module_id = m.id)
            order by m.code
            """, new { ids = ids.ToArray() }, cancellationToken: ct))).ToList();
}
