using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Offerings;

public class BulkModel(IqfDbContext db) : BulkActionsModel<ProviderOffering>(db, "/Offerings", "offering", "offerings");
