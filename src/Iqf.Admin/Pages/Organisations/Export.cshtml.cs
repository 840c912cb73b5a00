using Iqf.Admin.Web.Records;
using Iqf.Data.Interchange;
using Npgsql;

namespace Iqf.Admin.Pages.Organisations;

/// <summary>The selected organisations as a CSV file in the interchange format.</summary>
public class ExportModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/Organisations", "organisations", OrganisationExport.WriteAsync);
