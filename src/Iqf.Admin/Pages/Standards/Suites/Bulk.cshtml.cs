using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Standards.Suites;

public class BulkModel(IqfDbContext db) : BulkActionsModel<NosSuite>(db, "/Standards/Suites", "suite", "suites");
