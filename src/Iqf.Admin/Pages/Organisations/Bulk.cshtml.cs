using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Organisations;

public class BulkModel(IqfDbContext db) : BulkActionsModel<Organisation>(db, "/Organisations", "organisation", "organisations");
