using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Qualifications;

public class BulkModel(IqfDbContext db) : BulkActionsModel<Qualification>(db, "/Qualifications", "qualification", "qualifications");
