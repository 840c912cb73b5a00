using Dapper;
using Npgsql;

namespace Iqf.Data.Interchange;

/// <summary>
/// Writes the links between roles and qualifications in the interchange CSV format
/// (../shared/docs/interchange.md, section "role-qualifications"): exactly those columns, in
/// that order, so the file imports back unchanged. Rows are ordered by role title, then
/// qualification reference.
/// </summary>
public static class RoleQualificationExport
{
    public static readonly string[] Columns =
        ["role", "qualification_reference", "relevance", "requirement", "significant", "valid_from", "valid_to", "conditions"];

    /// <summary>Writes the links of the roles with the given ids (all when null).</summary>
    public static async Task WriteAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select r.title::text as role, q.reference as qualification_reference, rq.relevance, rq.requirement, rq.significant,
                   rq.valid_from, rq.valid_to, rq.conditions
            from role_qualification rq
            join job_role r on r.id = rq.job_role_id
            join qualification q on q.id = rq.qualification_id
            where (@all or r.id = any (@ids))
            order by r.title, q.reference
            """, new { all = ids is null, ids = ids?.ToArray() ?? [] }, cancellationToken: ct));

        await InterchangeCsv.WriteAsync(rows, Columns, output);
    }
}
