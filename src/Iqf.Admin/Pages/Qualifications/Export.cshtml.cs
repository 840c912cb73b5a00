using Iqf.Admin.Web.Records;
using Iqf.Data.Interchange;
using Npgsql;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>The selected qualifications as a CSV file in the interchange format.</summary>
public class ExportModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/Qualifications", "qualifications", QualificationExport.WriteAsync);
