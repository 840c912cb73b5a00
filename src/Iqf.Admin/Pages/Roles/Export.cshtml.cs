using Iqf.Admin.Web.Records;
using Iqf.Data.Interchange;
using Npgsql;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>The selected job roles as a CSV file in the interchange format.</summary>
public class ExportModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/Roles", "roles", RoleExport.WriteAsync);
