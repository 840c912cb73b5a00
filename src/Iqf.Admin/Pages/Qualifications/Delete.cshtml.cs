using Iqf.Admin.Web.Records;
using Npgsql;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>
/// Permanent deletion: administrators only, and only for a qualification nothing else points at
/// (role links, routes, offerings, take-up). Its own levels, module list and mappings go with it;
/// every row removed is in the history.
/// </summary>
public class DeleteModel(NpgsqlDataSource db) : HardDeleteModel(db)
{
    protected override string Table => "qualification";
    protected override string ListPath => "/Qualifications";
    protected override string NameSql => "select reference || ' ' || title from qualification where id = @Id";
    protected override string ReferencesSql => """
                select format('%s job role %s', count(*), case when count(*) = 1 then 'link' else 'links' end) from role_qualification where qualification_id = @Id having count(*) > 0
                union all select format('%s progression %s', count(*), case when count(*) = 1 then 'route' else 'routes' end) from progression_route
                  where from_qualification_id = @Id or to_qualification_id = @Id having count(*) > 0
                union all select format('%s %s as a bridging qualification', count(*), case when count(*) = 1 then 'route uses it' else 'routes use it' end)
                  from route_via_qualification where qualification_id = @Id having count(*) > 0
                union all select format('%s provider %s', count(*), case when count(*) = 1 then 'offering' else 'offerings' end) from provider_offering where qualification_id = @Id having count(*) > 0
                union all select format('%s take-up %s', count(*), case when count(*) = 1 then 'figure' else 'figures' end) from take_up where qualification_id = @Id having count(*) > 0
                """;
}
