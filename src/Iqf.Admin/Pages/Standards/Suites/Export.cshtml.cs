using Iqf.Admin.Web.Records;
using Iqf.Data.Interchange;
using Npgsql;

namespace Iqf.Admin.Pages.Standards.Suites;

/// <summary>The selected suites as a CSV file (columns named after the fields; the owner by name).</summary>
public class ExportModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/Standards/Suites", "nos-suites", StandardExport.WriteSuitesAsync);
