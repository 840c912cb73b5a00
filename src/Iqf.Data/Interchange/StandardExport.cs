using Dapper;
using Npgsql;

namespace Iqf.Data.Interchange;

/// <summary>
/// Writes occupational standards and their suites as CSV. There is no interchange format for these
/// kinds (../shared/docs/interchange.md has none), so the columns are named after the fields and
/// every reference to another record is by its key as people use it: suites and modules by code,
/// owners by name, never by database id.
/// </summary>
public static class StandardExport
{
    public static readonly string[] Columns = ["code", "title", "suite", "approved_on", "review_due_on", "modules"];

    public static readonly string[] SuiteColumns = ["code", "title", "owner", "approved_on", "review_due_on"];

    /// <summary>Writes the standards with the given ids (all when null), ordered by code; modules are codes joined by ";".</summary>
    public static async Task WriteAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select st.code::text as code, st.title, su.code::text as suite, st.approved_on, st.review_due_on,
                   (select string_agg(m.code::text, ';' order by m.code) from module_standard ms join module m on m.id = ms.module_id
                     where ms.standard_id = st.id) as modules
            from occupational_standard st
            join nos_suite su on su.id = st.suite_id
            where (@all or st.id = any (@ids))
            order by st.code
            """, new { all = ids is null, ids = ids?.ToArray() ?? [] }, cancellationToken: ct));

        await InterchangeCsv.WriteAsync(rows, Columns, output);
    }

    /// <summary>Writes the suites with the given ids (all when null), ordered by code.</summary>
    public static async Task WriteSuitesAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select su.code::text as code, su.title, o.name::text as owner, su.approved_on, su.review_due_on
            from nos_suite su
            left join organisation o on o.id = su.owner_organisation_id
            where (@all or su.id = any (@ids))
            order by su.code
            """, new { all = ids is null, ids = ids?.ToArray() ?? [] }, cancellationToken: ct));

        await InterchangeCsv.WriteAsync(rows, SuiteColumns, output);
    }
}
