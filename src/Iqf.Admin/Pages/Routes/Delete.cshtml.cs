using Iqf.Admin.Web.Records;
using Npgsql;

namespace Iqf.Admin.Pages.Routes;

/// <summary>
/// Permanent deletion of a route entered by mistake: administrators only. Nothing points at a
/// route, so it can always go; its bridging qualifications and modules go with it, and every
/// row removed is in the history.
/// </summary>
public class DeleteModel(NpgsqlDataSource db) : HardDeleteModel(db)
{
    protected override string Table => "progression_route";
    protected override string ListPath => "/Routes";
    protected override string NameSql => $"select 'the route from ' || ({RouteText.NameSql})";
    // No other table refers to progression_route.
    protected override string ReferencesSql => "select null::text where false";
}
