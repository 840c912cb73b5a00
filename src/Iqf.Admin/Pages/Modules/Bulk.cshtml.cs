using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Modules;

public class BulkModel(IqfDbContext db) : BulkActionsModel<Module>(db, "/Modules", "module", "modules");
