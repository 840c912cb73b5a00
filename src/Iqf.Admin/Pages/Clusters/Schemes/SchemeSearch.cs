using System.Text;
using Dapper;
using Iqf.Admin.Web.Lists;

namespace Iqf.Admin.Pages.Clusters.Schemes;

/// <summary>The clustering scheme list's search, archived filter, sort and page, and the SQL they make.</summary>
public sealed class SchemeSearch : ListSearch
{
    protected override IReadOnlyDictionary<string, string> Sorts => SortColumns;
    protected override string DefaultSort => "code";

    /// <summary>Current clusters of scheme s.</summary>
    public const string ClustersSql = "(select count(*)::int from cluster c where c.scheme_id = s.id and c.archived_at is null)";
    /// <summary>Current job roles placed in a cluster of scheme s (at most one cluster each, so no role counts twice).</summary>
    public const string RolesSql =
        "(select count(*)::int from job_role_cluster jc join job_role r on r.id = jc.job_role_id where jc.scheme_id = s.id and r.archived_at is null)";

    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>
    {
        ["code"] = "search_text(s.code::text) collate \"C\"",
        ["name"] = "search_text(s.name) collate \"C\"",
        ["clusters"] = ClustersSql,
        ["roles"] = RolesSql,
        ["updated"] = "s.updated_at",
    };

    public void Validate() => ValidateCommon();

    /// <summary>The WHERE clause over alias s (always starting "where") and its parameters.</summary>
    public (string Where, DynamicParameters Parameters) Filter()
    {
        var sql = new StringBuilder("where true");
        var p = new DynamicParameters();
        sql.Append(ArchivedClause("s"));
        if (Q is not null)
        {
            sql.Append("""
                 and (search_text(s.code::text) like '%' || search_text(@q) || '%'
                   or search_text(s.name) like '%' || search_text(@q) || '%'
                   or search_text(coalesce(s.description, '')) like '%' || search_text(@q) || '%')
                """);
            p.Add("q", EscapeLike(Q));
        }
        return (sql.ToString(), p);
    }

    public bool AnyFilter => Q is not null || Show is "archived" or "all";
}
