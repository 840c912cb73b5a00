using Iqf.Admin.Web.Records;
using Npgsql;

namespace Iqf.Admin.Pages.Modules;

/// <summary>
/// Permanent deletion: administrators only, and only for a module no qualification contains and
/// no progression route names as a bridging module. Its Common Core mapping and standard links
/// go with it; every row removed is in the history.
/// </summary>
public class DeleteModel(NpgsqlDataSource db) : HardDeleteModel(db)
{
    protected override string Table => "module";
    protected override string ListPath => "/Modules";
    protected override string NameSql => "select 'module ' || code || ' ' || title from module where id = @Id";
    protected override string ReferencesSql => """
        select format('%s %s it (%s)', count(*), case when count(*) = 1 then 'qualification contains' else 'qualifications contain' end,
                      string_agg(q.reference, ', ' order by q.reference))
          from qualification_module qm join qualification q on q.id = qm.qualification_id where qm.module_id = @Id having count(*) > 0
        union all select format('%s progression %s it as a bridging module', count(*), case when count(*) = 1 then 'route names' else 'routes name' end)
          from route_via_module where module_id = @Id having count(*) > 0
        """;
}
