using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Qualifications;

public class ArchiveModel(IqfDbContext db) : ArchiveToggleModel<Qualification>(db, archiving: true)
{
    protected override string DetailsPath => $"/Qualifications/Details/{Id}";
    public override string Describe(Qualification q) => $"{q.Reference} {q.Title}";
}

public class RestoreModel(IqfDbContext db) : ArchiveToggleModel<Qualification>(db, archiving: false)
{
    protected override string DetailsPath => $"/Qualifications/Details/{Id}";
    public override string Describe(Qualification q) => $"{q.Reference} {q.Title}";
}
