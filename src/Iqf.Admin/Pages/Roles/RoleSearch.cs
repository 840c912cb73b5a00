using System.Text;
using Iqf.Admin.Web.Lists;
using Dapper;
using Iqf.Domain;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>
/// The job role list's filters as they appear in the query string, and the SQL they make.
/// </summary>
public sealed class RoleSearch : ListSearch
{
    protected override IReadOnlyDictionary<string, string> Sorts => SortColumns;
    protected override string DefaultSort => "title";

    /// <summary>Career level 1 to 6 (the CAREER framework).</summary>
    public string? Level { get; set; }
    public string? Workforce { get; set; }
    public string? Status { get; set; }
    /// <summary>A cluster of any scheme; the role matches when it sits in that cluster or one below it.</summary>
    public int? Cluster { get; set; }
    public bool NoSignificant { get; set; }

    // Folded text in byte order: case- and accent-insensitive, like the search.
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>
    {
        ["title"] = "search_text(r.title::text) collate \"C\"",
        ["level"] = "r.career_level",
        ["workforce"] = "r.workforce collate \"C\"",
        ["status"] = "r.status collate \"C\"",
        ["qualifications"] = "(select count(*) from role_qualification rq where rq.job_role_id = r.id)",
        ["updated"] = "r.updated_at",
    };


    public short? CareerLevel => short.TryParse(Level, out var l) ? l : null;

    public void Validate(IReadOnlyCollection<int> clusterIds)
    {
        if (Level is not null && CareerLevel is not (>= 1 and <= 6)) { Problems.Add(("Level", $"{Level} is not a career level: use 1 to 6")); Level = null; }
        if (Workforce is not null && !Vocabulary.Workforces.Contains(Workforce)) { Problems.Add(("Workforce", $"There is no workforce called {Workforce}: use central or wider")); Workforce = null; }
        if (Status is not null && !Vocabulary.RoleStatuses.Contains(Status)) { Problems.Add(("Status", $"There is no role status called {Status}")); Status = null; }
        if (Cluster is not null && !clusterIds.Contains(Cluster.Value)) { Problems.Add(("Cluster", $"There is no cluster {Cluster}")); Cluster = null; }
        ValidateCommon();
    }

    /// <summary>The WHERE clause over alias r (always starting "where") and its parameters.</summary>
    public (string Where, DynamicParameters Parameters) Filter()
    {
        var sql = new StringBuilder("where true");
        var p = new DynamicParameters();
        sql.Append(ArchivedClause("r"));
        if (Q is not null)
        {
            // Job titles are not consistent across employers, so the other names a role goes by count as much as its title.
            sql.Append("""
                 and (search_text(r.title::text) like '%' || search_text(@q) || '%'
                      or exists (select 1 from job_role_alias a where a.job_role_id = r.id and search_text(a.alias::text) like '%' || search_text(@q) || '%'))
                """);
            p.Add("q", EscapeLike(Q));
        }
        if (CareerLevel is { } level) { sql.Append(" and r.career_level = @level"); p.Add("level", level); }
        if (Workforce is not null) { sql.Append(" and r.workforce = @workforce"); p.Add("workforce", Workforce); }
        if (Status is not null) { sql.Append(" and r.status = @status"); p.Add("status", Status); }
        if (Cluster is not null)
        {
            sql.Append("""
                 and exists (select 1 from job_role_cluster jc
                             join cluster_path cp on cp.cluster_id = jc.cluster_id
                             join cluster_path chosen on chosen.cluster_id = @cluster and chosen.scheme_id = cp.scheme_id
                             where jc.job_role_id = r.id and (cp.path = chosen.path or starts_with(cp.path, chosen.path || '/')))
                """);
            p.Add("cluster", Cluster);
        }
        if (NoSignificant)
            sql.Append(" and not exists (select 1 from role_qualification rq where rq.job_role_id = r.id and rq.significant)");
        return (sql.ToString(), p);
    }



    public bool AnyFilter => Q is not null || Level is not null || Workforce is not null || Status is not null || Cluster is not null
                             || NoSignificant || Show is "archived" or "all";
}
