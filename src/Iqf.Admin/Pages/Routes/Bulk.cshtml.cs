using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Routes;

public class BulkModel(IqfDbContext db) : BulkActionsModel<ProgressionRoute>(db, "/Routes", "route", "routes");
