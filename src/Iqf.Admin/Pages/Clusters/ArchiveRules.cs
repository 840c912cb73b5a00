using Dapper;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters;

/// <summary>
/// When a cluster may be archived or restored. Archiving is refused, not merely warned about,
/// while current job roles are placed in the cluster or current clusters sit within it: an
/// archived cluster leaves the role pages' choices and the current lists, so roles left in it
/// would sit where nobody can see or choose, and reports grouping by cluster would count them
/// under a group that is out of use; clusters left current within it would hang from an archived
/// branch. Moving the roles (on their pages) and archiving the branch from the leaves up keeps
/// every current role in a current cluster. Restoring is refused while the cluster it sits
/// within is archived, for the same reason the other way round. Schemes are different: archiving
/// a whole scheme retires one way of grouping, its tree and placements intact, so it is allowed
/// with a warning (see Schemes/ArchiveRestore.cs).
/// </summary>
public static class ArchiveRules
{
    private sealed record Node(int Id, int? ParentId, string Name, bool Archived, int Roles);

    public static async Task<string?> WhyNotArchiveAsync(NpgsqlConnection conn, int id)
    {
        var nodes = await NodesAsync(conn);
        return Reason(nodes, nodes[id], archiving: true, selected: new HashSet<int>());
    }

    public static async Task<string?> WhyNotRestoreAsync(NpgsqlConnection conn, int id)
    {
        var nodes = await NodesAsync(conn);
        return Reason(nodes, nodes[id], archiving: false, selected: new HashSet<int>());
    }

    /// <summary>
    /// For a bulk action on <paramref name="ids"/> together: a cluster may go with the clusters
    /// within it when they are selected too (and may go themselves), and may come back with the
    /// cluster it sits within when that is restored too. Returns the ones held back, with why.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, string>> RefusedAsync(NpgsqlConnection conn, bool archiving, IReadOnlyCollection<int> ids)
    {
        var nodes = await NodesAsync(conn);
        var going = ids.Where(nodes.ContainsKey).ToHashSet();
        var refused = new Dictionary<int, string>();
        // Refusing one can make another's move impossible (a parent whose child stays), so repeat until settled.
        bool changed;
        do
        {
            changed = false;
            foreach (var id in going.ToList())
            {
                if (Reason(nodes, nodes[id], archiving, going) is not { } why) continue;
                refused[id] = $"{nodes[id].Name} ({why})";
                going.Remove(id);
                changed = true;
            }
        } while (changed);
        return refused;
    }

    /// <summary>Why <paramref name="c"/> cannot change now, the clusters in <paramref name="selected"/> changing with it; null when it can.</summary>
    private static string? Reason(IReadOnlyDictionary<int, Node> nodes, Node c, bool archiving, IReadOnlySet<int> selected)
    {
        if (archiving)
        {
            var children = nodes.Values.Where(k => k.ParentId == c.Id && !k.Archived && !selected.Contains(k.Id)).Select(k => k.Name).ToList();
            var parts = new List<string>();
            if (c.Roles > 0) parts.Add($"{c.Roles} current job {(c.Roles == 1 ? "role is" : "roles are")} placed in it; move {(c.Roles == 1 ? "it" : "them")} to another cluster on the role's page first");
            if (children.Count > 0)
                parts.Add($"{children.Count} current {(children.Count == 1 ? "cluster sits" : "clusters sit")} within it ({string.Join(", ", children)}); archive or move {(children.Count == 1 ? "it" : "them")} first");
            return parts.Count == 0 ? null : string.Join("; and ", parts);
        }
        if (c.ParentId is { } p && nodes[p].Archived && !selected.Contains(p))
            return $"it sits within {nodes[p].Name}, which is archived; restore that first";
        return null;
    }

    private static async Task<Dictionary<int, Node>> NodesAsync(NpgsqlConnection conn) =>
        (await conn.QueryAsync<Node>("""
            select c.id as "Id", c.parent_id as "ParentId", c.name::text as "Name", c.archived_at is not null as "Archived",
                   (select count(*)::int from job_role_cluster jc join job_role r on r.id = jc.job_role_id
                    where jc.cluster_id = c.id and r.archived_at is null) as "Roles"
            from cluster c
            order by c.sort_order, c.id
            """)).ToDictionary(n => n.Id);
}
