using Iqf.Admin.Web.Records;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters;

/// <summary>
/// Permanent deletion of a cluster entered by mistake: administrators only, and only while no
/// job role (current or archived) is placed in it and no cluster sits within it. The history
/// keeps the record of it.
/// </summary>
public class DeleteModel(NpgsqlDataSource db) : HardDeleteModel(db)
{
    protected override string Table => "cluster";
    protected override string ListPath => "/Clusters";
    protected override string NameSql => "select s.code || ':' || coalesce(cp.path, c.name::text) from cluster c join clustering_scheme s on s.id = c.scheme_id left join cluster_path cp on cp.cluster_id = c.id where c.id = @Id";
    protected override string ReferencesSql => """
                select format('%s job %s placed in it (%s)', count(*), case when count(*) = 1 then 'role is' else 'roles are' end,
                              string_agg(r.title::text, ', ' order by r.title))
                  from job_role_cluster jc join job_role r on r.id = jc.job_role_id where jc.cluster_id = @Id having count(*) > 0
                union all select format('%s %s within it (%s)', count(*), case when count(*) = 1 then 'cluster sits' else 'clusters sit' end,
                                        string_agg(name::text, ', ' order by sort_order, id))
                  from cluster where parent_id = @Id having count(*) > 0
                """;
}
