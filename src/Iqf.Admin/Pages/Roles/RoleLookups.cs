using System.Data.Common;
using Dapper;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>The reference lists the role pages offer: career levels and the clusters of every scheme.</summary>
public static class RoleLookups
{
    public sealed record CareerLevel(short Number, string Name)
    {
        public string Text => $"{Number}: {Name}";
    }

    public sealed record ClusterOption(int Id, int SchemeId, string Path, int Depth);

    public sealed record Scheme(int Id, string Code, string Name, List<ClusterOption> Clusters);

    /// <summary>The six career levels of the 2005 strategy, named as the CAREER framework names them.</summary>
    public static async Task<List<CareerLevel>> CareerLevelsAsync(DbConnection conn) =>
        (await conn.QueryAsync<CareerLevel>("""
            select l.ordinal as "Number", l.name as "Name"
            from level l join level_framework f on f.id = l.framework_id
            where f.code = 'CAREER' order by l.ordinal
            """)).ToList();

    /// <summary>Every current scheme with its current clusters in tree order (parents before children).</summary>
    public static async Task<List<Scheme>> SchemesAsync(DbConnection conn, IEnumerable<int>? alsoClusterIds = null)
    {
        using var grid = await conn.QueryMultipleAsync("""
            select id as "Id", code::text as "Code", name as "Name" from clustering_scheme where archived_at is null order by id;
            -- Sorted by the path of sort orders, so each child comes straight after its parent.
            with recursive walk as (
              select c.id, array[c.sort_order, c.id] as sort_path from cluster c where c.parent_id is null
              union all
              select c.id, w.sort_path || array[c.sort_order, c.id] from cluster c join walk w on c.parent_id = w.id
            )
            select cp.cluster_id as "Id", cp.scheme_id as "SchemeId", cp.path as "Path", cp.depth as "Depth"
            from cluster_path cp join walk w on w.id = cp.cluster_id join cluster c on c.id = cp.cluster_id
            where c.archived_at is null or c.id = any (@also)
            order by w.sort_path;
            """, new { also = (alsoClusterIds ?? []).ToArray() });
        var schemes = (await grid.ReadAsync<(int Id, string Code, string Name)>()).Select(s => new Scheme(s.Id, s.Code, s.Name, [])).ToList();
        foreach (var c in await grid.ReadAsync<ClusterOption>())
            schemes.FirstOrDefault(s => s.Id == c.SchemeId)?.Clusters.Add(c);
        return schemes;
    }

    public static string Label(string value) => value switch
    {
        "central" => "Central",
        "wider" => "Wider",
        "apel" => "APEL",
        _ => char.ToUpperInvariant(value[0]) + value[1..].Replace('-', ' '),
    };

    public static string WorkforceLabel(string? value) => value switch
    {
        "central" => "Central children's workforce",
        "wider" => "Wider workforce",
        null => "Not given",
        _ => value,
    };
}
