using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Modules;

public class ArchiveModel(IqfDbContext db) : ArchiveToggleModel<Module>(db, archiving: true)
{
    protected override string DetailsPath => $"/Modules/Details/{Id}";
    public override string Describe(Module m) => $"module {m.Code}";
}

public class RestoreModel(IqfDbContext db) : ArchiveToggleModel<Module>(db, archiving: false)
{
    protected override string DetailsPath => $"/Modules/Details/{Id}";
    public override string Describe(Module m) => $"module {m.Code}";
}
