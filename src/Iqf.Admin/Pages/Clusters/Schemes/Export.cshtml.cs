using Iqf.Admin.Web.Records;
using Iqf.Data.Interchange;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters.Schemes;

/// <summary>The selected schemes as CSV in the format of seed/clustering_schemes.csv (code,name,description,source).</summary>
public class ExportModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/Clusters/Schemes", "clustering-schemes", ClusterExport.WriteSchemesAsync);
