using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Standards;

public class ArchiveModel(IqfDbContext db) : ArchiveToggleModel<OccupationalStandard>(db, archiving: true)
{
    protected override string DetailsPath => $"/Standards/Details/{Id}";
    public override string Describe(OccupationalStandard s) => $"{s.Code} {s.Title}";
}

public class RestoreModel(IqfDbContext db) : ArchiveToggleModel<OccupationalStandard>(db, archiving: false)
{
    protected override string DetailsPath => $"/Standards/Details/{Id}";
    public override string Describe(OccupationalStandard s) => $"{s.Code} {s.Title}";
}
