using Iqf.Admin.Web.Records;
using Iqf.Data.Interchange;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters;

/// <summary>The selected clusters as CSV in the format of seed/clusters.csv (scheme,path,description,sort_order).</summary>
public class ExportModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/Clusters", "clusters", ClusterExport.WriteClustersAsync);
