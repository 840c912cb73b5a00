using Iqf.Admin.Web.Records;
using Iqf.Data.Interchange;
using Npgsql;

namespace Iqf.Admin.Pages.Links;

/// <summary>The selected links as a CSV file in the interchange "links" format: one row per record a link belongs to.</summary>
public class ExportModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/Links", "links", LinkExport.WriteAsync);
