using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Standards;

public class BulkModel(IqfDbContext db) : BulkActionsModel<OccupationalStandard>(db, "/Standards", "standard", "standards");
