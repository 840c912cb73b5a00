using Iqf.Admin.Web.Records;
using Iqf.Data.Interchange;
using Npgsql;

namespace Iqf.Admin.Pages.Standards;

/// <summary>The selected standards as a CSV file (columns named after the fields; suite and modules by code).</summary>
public class ExportModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/Standards", "standards", StandardExport.WriteAsync);
