using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Organisations;

public class ArchiveModel(IqfDbContext db) : ArchiveToggleModel<Organisation>(db, archiving: true)
{
    protected override string DetailsPath => $"/Organisations/Details/{Id}";
    public override string Describe(Organisation o) => o.Name;
}

public class RestoreModel(IqfDbContext db) : ArchiveToggleModel<Organisation>(db, archiving: false)
{
    protected override string DetailsPath => $"/Organisations/Details/{Id}";
    public override string Describe(Organisation o) => o.Name;
}
