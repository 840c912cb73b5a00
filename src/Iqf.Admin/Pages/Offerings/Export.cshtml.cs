using Iqf.Admin.Web.Records;
using Iqf.Data.Interchange;
using Npgsql;

namespace Iqf.Admin.Pages.Offerings;

/// <summary>The selected offerings as a CSV file (columns named after the fields; the qualification by reference, the provider by name).</summary>
public class ExportModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/Offerings", "offerings", OfferingExport.WriteAsync);
