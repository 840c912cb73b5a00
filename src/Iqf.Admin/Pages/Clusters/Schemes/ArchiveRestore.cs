using Dapper;
using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters.Schemes;

/// <summary>
/// Archives a whole clustering scheme. Unlike a single cluster (see <see cref="Clusters.ArchiveRules"/>)
/// this is allowed while job roles are placed in its clusters: retiring a scheme retires one way
/// of grouping roles as a whole, and its tree and placements are kept intact so that restoring it
/// brings it back exactly. The confirmation page says how many placements go out of use with it.
/// </summary>
public class ArchiveModel(IqfDbContext db, NpgsqlDataSource data) : ArchiveToggleModel<ClusteringScheme, int>(db, archiving: true)
{
    protected override string DetailsPath => $"/Clusters/Schemes/Details/{Id}";
    public override string Describe(ClusteringScheme s) => $"{s.Code}: {s.Name}";

    protected override async Task<string?> WarningAsync(ClusteringScheme s)
    {
        await using var conn = await data.OpenConnectionAsync();
        var (clusters, roles) = await conn.QuerySingleAsync<(int, int)>("""
            select (select count(*)::int from cluster where scheme_id = @id and archived_at is null),
                   (select count(*)::int from job_role_cluster jc join job_role r on r.id = jc.job_role_id where jc.scheme_id = @id and r.archived_at is null)
            """, new { id = s.Id });
        if (clusters == 0 && roles == 0) return null;
        return $"Its {clusters:N0} {(clusters == 1 ? "cluster goes" : "clusters go")} out of use with it" +
               (roles == 0 ? "." : $", and so {(roles == 1 ? "does the place of 1 current job role" : $"do the places of {roles:N0} current job roles")} in it: they are kept, and come back if the scheme is restored, but the role pages and reports stop offering this scheme.");
    }
}

public class RestoreModel(IqfDbContext db) : ArchiveToggleModel<ClusteringScheme, int>(db, archiving: false)
{
    protected override string DetailsPath => $"/Clusters/Schemes/Details/{Id}";
    public override string Describe(ClusteringScheme s) => $"{s.Code}: {s.Name}";
}
