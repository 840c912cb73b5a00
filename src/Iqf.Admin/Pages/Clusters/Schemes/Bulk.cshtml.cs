using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Clusters.Schemes;

/// <summary>Archive or restore the selected clustering schemes, whole (see <see cref="ArchiveModel"/> for why that is allowed).</summary>
public class BulkModel(IqfDbContext db) : BulkActionsModel<ClusteringScheme, int>(db, "/Clusters/Schemes", "clustering scheme", "clustering schemes");
