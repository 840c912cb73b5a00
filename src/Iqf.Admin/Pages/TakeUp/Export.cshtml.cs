using Iqf.Admin.Web.Records;
using Iqf.Data.Interchange;
using Npgsql;

namespace Iqf.Admin.Pages.TakeUpFigures;

/// <summary>The selected take-up figures as a CSV file (qualification_reference, year, source, learners).</summary>
public class ExportModel(NpgsqlDataSource db) : ExportSelectionModel(db, "/TakeUp", "take-up", TakeUpExport.WriteAsync);
