using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Npgsql;

namespace Iqf.Admin.Pages.Routes;

public class ArchiveModel(IqfDbContext db, NpgsqlDataSource names) : ArchiveToggleModel<ProgressionRoute>(db, archiving: true)
{
    private string? name;
    protected override string DetailsPath => $"/Routes/Details/{Id}";
    public override string Describe(ProgressionRoute r) => name ??= "the route from " + RouteText.Describe(names, r.Id);
}

public class RestoreModel(IqfDbContext db, NpgsqlDataSource names) : ArchiveToggleModel<ProgressionRoute>(db, archiving: false)
{
    private string? name;
    protected override string DetailsPath => $"/Routes/Details/{Id}";
    public override string Describe(ProgressionRoute r) => name ??= "the route from " + RouteText.Describe(names, r.Id);
}
