using Iqf.Admin.Web.Records;
using Iqf.Data.Interchange;
using Npgsql;

namespace Iqf.Admin.Pages.Frameworks;

/// <summary>The selected frameworks as a CSV file with the columns of seed/level_frameworks.csv.</summary>
public class ExportModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/Frameworks", "level_frameworks", ReferenceExport.WriteFrameworksAsync);

/// <summary>Every level of the selected frameworks, with the columns of seed/levels.csv.</summary>
public class ExportLevelsModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/Frameworks", "levels", ReferenceExport.WriteLevelsAsync);

/// <summary>The equivalences touching the selected frameworks, with the columns of seed/level_equivalences.csv.</summary>
public class ExportEquivalencesModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/Frameworks", "level_equivalences", ReferenceExport.WriteEquivalencesAsync);
