using Dapper;
using Npgsql;

namespace Iqf.Data.Interchange;

/// <summary>
/// Writes the reference data of frameworks, levels, equivalences and Common Core areas in the
/// formats of the files in seed/ (seed/README.md): exactly those columns, in that order, so an
/// exported file can stand in for the seed file it mirrors. Each writer takes the ids selected
/// on a list (all when null): framework ids for the three framework files, area ids for the
/// Common Core file.
/// </summary>
public static class ReferenceExport
{
    public static readonly string[] FrameworkColumns = ["code", "name", "description", "valid_from", "valid_to"];
    public static readonly string[] LevelColumns = ["framework", "code", "name", "ordinal", "description"];
    public static readonly string[] EquivalenceColumns = ["framework_a", "level_a", "framework_b", "level_b", "note", "source"];
    public static readonly string[] CommonCoreAreaColumns = ["number", "version", "name", "description"];

    /// <summary>level_frameworks.csv: the frameworks in the order they were entered (the seed file's order).</summary>
    public static async Task WriteFrameworksAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select f.code::text as code, f.name, f.description, f.valid_from, f.valid_to
            from level_framework f
            where (@all or f.id = any (@ids))
            order by f.id
            """, Selection(ids), cancellationToken: ct));
        await InterchangeCsv.WriteAsync(rows, FrameworkColumns, output);
    }

    /// <summary>levels.csv: every level of the given frameworks, each framework's ladder from the bottom up.</summary>
    public static async Task WriteLevelsAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? frameworkIds, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select f.code::text as framework, l.code::text as code, l.name, l.ordinal, l.description
            from level l join level_framework f on f.id = l.framework_id
            where (@all or f.id = any (@ids))
            order by f.id, l.ordinal
            """, Selection(frameworkIds), cancellationToken: ct));
        await InterchangeCsv.WriteAsync(rows, LevelColumns, output);
    }

    /// <summary>
    /// level_equivalences.csv: every equivalence with at least one side in the given frameworks,
    /// each pair once. Side a is the level stored first (the lower id), as the table keeps it.
    /// </summary>
    public static async Task WriteEquivalencesAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? frameworkIds, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select fa.code::text as framework_a, a.code::text as level_a, fb.code::text as framework_b, b.code::text as level_b, e.note, e.source
            from level_equivalence e
            join level a on a.id = e.level_a_id join level_framework fa on fa.id = a.framework_id
            join level b on b.id = e.level_b_id join level_framework fb on fb.id = b.framework_id
            where (@all or fa.id = any (@ids) or fb.id = any (@ids))
            order by fa.id, a.ordinal, fb.id, b.ordinal
            """, Selection(frameworkIds), cancellationToken: ct));
        await InterchangeCsv.WriteAsync(rows, EquivalenceColumns, output);
    }

    /// <summary>common_core_areas.csv: each selected area once per published version, version by version.</summary>
    public static async Task WriteCommonCoreAreasAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? areaIds, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select a.number, v.code as version, n.name::text as name, n.description
            from common_core_area_name n
            join common_core_area a on a.id = n.area_id
            join common_core_version v on v.id = n.version_id
            where (@all or a.id = any (@ids))
            order by v.code, a.number
            """, Selection(areaIds), cancellationToken: ct));
        await InterchangeCsv.WriteAsync(rows, CommonCoreAreaColumns, output);
    }

    // The ids are int or smallint in the tables; comparing them with a bigint[] is exact.
    private static object Selection(IReadOnlyCollection<long>? ids) => new { all = ids is null, ids = ids?.ToArray() ?? [] };
}
