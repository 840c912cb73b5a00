using Iqf.Admin.Web.Records;
using Npgsql;

namespace Iqf.Admin.Pages.Standards;

/// <summary>
/// Permanent deletion: administrators only, and only for a standard no module maps to and no
/// open review flag is about. Module mappings would otherwise vanish with it (the foreign key
/// cascades), silently changing what those modules, and the qualifications built from them,
/// are recorded as covering; so they must be removed first, knowingly, from the standard's
/// modules page. The deletion is in the history.
/// </summary>
public class DeleteModel(NpgsqlDataSource db) : HardDeleteModel(db)
{
    protected override string Table => "occupational_standard";
    protected override string ListPath => "/Standards";
    protected override string NameSql => "select code::text || ' ' || title from occupational_standard where id = @Id";
    protected override string ReferencesSql => """
                select format('%s %s to it (%s)', count(*), case when count(*) = 1 then 'module maps' else 'modules map' end,
                              string_agg(m.code::text, ', ' order by m.code))
                  from module_standard ms join module m on m.id = ms.module_id where ms.standard_id = @Id having count(*) > 0
                union all
                select format('%s open review %s about it', count(*), case when count(*) = 1 then 'flag is' else 'flags are' end)
                  from review_flag where entity_kind = 'standard' and entity_id = @Id and resolved_at is null having count(*) > 0
                """;
}
