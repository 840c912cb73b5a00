using Iqf.Admin.Web.Records;
using Iqf.Data.Interchange;
using Npgsql;

namespace Iqf.Admin.Pages.CommonCore;

/// <summary>The selected areas in every version, as a CSV file with the columns of seed/common_core_areas.csv.</summary>
public class ExportModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/CommonCore", "common_core_areas", ReferenceExport.WriteCommonCoreAreasAsync);
