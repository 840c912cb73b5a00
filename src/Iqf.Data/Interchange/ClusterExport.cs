using Dapper;
using Npgsql;

namespace Iqf.Data.Interchange;

/// <summary>
/// Writes clustering schemes and clusters as CSV in the format of the reference files
/// seed/clustering_schemes.csv and seed/clusters.csv (see seed/README.md): the interchange
/// contract has no format of its own for these kinds, and these are the files the seeder loads,
/// so an exported file can be dropped into seed/ and read back as it is.
/// </summary>
public static class ClusterExport
{
    public static readonly string[] SchemeColumns = ["code", "name", "description", "source"];
    public static readonly string[] ClusterColumns = ["scheme", "path", "description", "sort_order"];

    /// <summary>Writes the schemes with the given ids (all when null), in the order they were created.</summary>
    public static async Task WriteSchemesAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select s.code::text as code, s.name, s.description, s.source
            from clustering_scheme s
            where (@all or s.id = any (@ids))
            order by s.id
            """, new { all = ids is null, ids = ids?.ToArray() ?? [] }, cancellationToken: ct));

        await InterchangeCsv.WriteAsync(rows, SchemeColumns, output);
    }

    /// <summary>
    /// Writes the clusters with the given ids (all when null) as SCHEME,Parent/Child rows: schemes
    /// in the order they were created, each scheme's clusters depth first by sort order, so a
    /// parent always comes before its children as the seeder expects. A child exported without
    /// its parent still names the parent in its path; loading it needs that parent to exist.
    /// </summary>
    public static async Task WriteClustersAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            with recursive tree as (
              select c.id, c.name::text as path, array[c.sort_order, c.id] as tree_key
              from cluster c where c.parent_id is null
              union all
              select c.id, t.path || '/' || c.name, t.tree_key || array[c.sort_order, c.id]
              from cluster c join tree t on c.parent_id = t.id
            )
            select s.code::text as scheme, t.path, c.description, c.sort_order
            from tree t
            join cluster c on c.id = t.id
            join clustering_scheme s on s.id = c.scheme_id
            where (@all or c.id = any (@ids))
            order by s.id, t.tree_key
            """, new { all = ids is null, ids = ids?.ToArray() ?? [] }, cancellationToken: ct));

        await InterchangeCsv.WriteAsync(rows, ClusterColumns, output);
    }
}
