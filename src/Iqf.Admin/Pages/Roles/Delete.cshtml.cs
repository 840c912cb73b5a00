using Iqf.Admin.Web.Records;
using Npgsql;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>
/// Permanent deletion: administrators only, and only for a role no progression route starts or
/// ends at. Its aliases, cluster placements, qualification links and web links go with it; every
/// row removed is in the history.
/// </summary>
public class DeleteModel(NpgsqlDataSource db) : HardDeleteModel(db)
{
    protected override string Table => "job_role";
    protected override string ListPath => "/Roles";
    protected override string NameSql => "select title::text from job_role where id = @Id";
    protected override string ReferencesSql => """
                select format('%s progression %s from this role', count(*), case when count(*) = 1 then 'route starts' else 'routes start' end)
                  from progression_route where from_role_id = @Id having count(*) > 0
                union all
                select format('%s progression %s to this role', count(*), case when count(*) = 1 then 'route leads' else 'routes lead' end)
                  from progression_route where to_role_id = @Id having count(*) > 0
                """;
}
