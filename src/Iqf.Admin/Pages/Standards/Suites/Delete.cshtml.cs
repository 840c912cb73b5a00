using Iqf.Admin.Web.Records;
using Npgsql;

namespace Iqf.Admin.Pages.Standards.Suites;

/// <summary>
/// Permanent deletion: administrators only, and only for a suite with no standards in it
/// (archived ones included: they still belong to it). The deletion is in the history.
/// </summary>
public class DeleteModel(NpgsqlDataSource db) : HardDeleteModel(db)
{
    protected override string Table => "nos_suite";
    protected override string ListPath => "/Standards/Suites";
    protected override string NameSql => "select code::text || ' ' || title from nos_suite where id = @Id";
    protected override string ReferencesSql => """
                select format('%s %s in it (%s)', count(*), case when count(*) = 1 then 'standard is' else 'standards are' end,
                              string_agg(code::text, ', ' order by code))
                  from occupational_standard where suite_id = @Id having count(*) > 0
                """;
}
