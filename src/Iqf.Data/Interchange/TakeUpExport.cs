using Dapper;
using Npgsql;

namespace Iqf.Data.Interchange;

/// <summary>
/// Writes take-up figures as CSV under the interchange rules (../shared/docs/interchange.md).
/// The interchange document has no "take-up" section yet; these columns follow its pattern:
/// `qualification_reference`* and `year`* (the calendar year the academic year starts in) and
/// `source`* (ilr, heses, awarding-body, survey, other) together are the key, and `learners`*
/// (a whole number, 0 or more) is the figure.
/// </summary>
public static class TakeUpExport
{
    public static readonly string[] Columns = ["qualification_reference", "year", "source", "learners"];

    /// <summary>Writes the figures with the given ids (all when null), ordered by reference, year and source.</summary>
    public static async Task WriteAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select q.reference as qualification_reference, t.year, t.source, t.learners
            from take_up t
            join qualification q on q.id = t.qualification_id
            where (@all or t.id = any (@ids))
            order by q.reference collate "C", t.year, t.source collate "C"
            """, new { all = ids is null, ids = ids?.ToArray() ?? [] }, cancellationToken: ct));

        await InterchangeCsv.WriteAsync(rows, Columns, output);
    }
}
