using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Standards.Suites;

// Archiving a suite leaves its standards as they are: each is archived on its own, so restoring
// the suite never has to guess which of them were archived before.
public class ArchiveModel(IqfDbContext db) : ArchiveToggleModel<NosSuite>(db, archiving: true)
{
    protected override string DetailsPath => $"/Standards/Suites/Details/{Id}";
    public override string Describe(NosSuite s) => $"{s.Code} {s.Title}";
}

public class RestoreModel(IqfDbContext db) : ArchiveToggleModel<NosSuite>(db, archiving: false)
{
    protected override string DetailsPath => $"/Standards/Suites/Details/{Id}";
    public override string Describe(NosSuite s) => $"{s.Code} {s.Title}";
}
