using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.JobRoles;

public class BulkModel(IqfDbContext db) : BulkActionsModel<JobRole>(db, "/Roles", "job role", "job roles");
