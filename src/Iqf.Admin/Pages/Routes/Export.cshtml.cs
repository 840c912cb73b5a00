using Iqf.Admin.Web.Records;
using Iqf.Data.Interchange;
using Npgsql;

namespace Iqf.Admin.Pages.Routes;

/// <summary>The selected routes as a CSV file in the interchange format.</summary>
public class ExportModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/Routes", "routes", RouteExport.WriteAsync);
