using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.JobRoles;

public class ArchiveModel(IqfDbContext db) : ArchiveToggleModel<JobRole>(db, archiving: true)
{
    protected override string DetailsPath => $"/Roles/Details/{Id}";
    public override string Describe(JobRole r) => r.Title;
}

public class RestoreModel(IqfDbContext db) : ArchiveToggleModel<JobRole>(db, archiving: false)
{
    protected override string DetailsPath => $"/Roles/Details/{Id}";
    public override string Describe(JobRole r) => r.Title;
}
