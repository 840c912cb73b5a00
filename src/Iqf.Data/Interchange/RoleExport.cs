using System.Globalization;
using Dapper;
using Npgsql;

namespace Iqf.Data.Interchange;

/// <summary>
/// Writes job roles in the interchange CSV format (../shared/docs/interchange.md, section
/// "roles"): exactly those columns, in that order, so the file imports back unchanged. Clusters
/// are written as SCHEME:Path, one per scheme, in the order the schemes were created.
/// </summary>
public static class RoleExport
{
    public static readonly string[] Columns =
    [
        "title", "aliases", "description", "career_level", "workforce", "status", "clusters", "mandatory_requirement", "registration_body",
    ];

    /// <summary>Writes the roles with the given ids (all when null), ordered by title.</summary>
    public static async Task WriteAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select r.title::text as title,
                   (select string_agg(a.alias::text, ';' order by a.alias) from job_role_alias a where a.job_role_id = r.id) as aliases,
                   r.description, r.career_level, r.workforce, r.status,
                   (select string_agg(cp.scheme_code || ':' || cp.path, ';' order by cp.scheme_id)
                      from job_role_cluster jc join cluster_path cp on cp.cluster_id = jc.cluster_id where jc.job_role_id = r.id) as clusters,
                   r.mandatory_requirement, o.name::text as registration_body
            from job_role r
            left join organisation o on o.id = r.registration_body_id
            where (@all or r.id = any (@ids))
            order by r.title
            """, new { all = ids is null, ids = ids?.ToArray() ?? [] }, cancellationToken: ct));

        await InterchangeCsv.WriteAsync(rows, Columns, output);
    }

}
