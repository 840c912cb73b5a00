using Iqf.Admin.Web.Records;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters.Schemes;

/// <summary>
/// Permanent deletion of a clustering scheme entered by mistake: administrators only, and only
/// while it has no clusters (and so no job roles placed by it). The history keeps the record of it.
/// </summary>
public class DeleteModel(NpgsqlDataSource db) : HardDeleteModel(db)
{
    protected override string Table => "clustering_scheme";
    protected override string ListPath => "/Clusters/Schemes";
    protected override string NameSql => "select code::text from clustering_scheme where id = @Id";
    protected override string ReferencesSql => """
                select format('%s %s to it', count(*), case when count(*) = 1 then 'cluster belongs' else 'clusters belong' end)
                  from cluster where scheme_id = @Id having count(*) > 0
                union all select format('%s job %s placed by it', count(*), case when count(*) = 1 then 'role is' else 'roles are' end)
                  from job_role_cluster where scheme_id = @Id having count(*) > 0
                """;
}
