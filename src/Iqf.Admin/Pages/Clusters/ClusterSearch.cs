using System.Text;
using Dapper;
using Iqf.Admin.Web.Lists;

namespace Iqf.Admin.Pages.Clusters;

/// <summary>The cluster list's filters as they appear in the query string, and the SQL they make.</summary>
public sealed class ClusterSearch : ListSearch
{
    protected override IReadOnlyDictionary<string, string> Sorts => SortColumns;
    protected override string DefaultSort => "scheme";

    /// <summary>A scheme's code (CWS-2005): codes rather than ids keep the address readable.</summary>
    public string? Scheme { get; set; }
    /// <summary>top (no parent) or child.</summary>
    public string? Level { get; set; }
    /// <summary>yes (current job roles are placed in it) or no.</summary>
    public string? Roles { get; set; }

    /// <summary>
    /// The recursive walk every cluster query here starts from: each cluster's path from its root
    /// ("Social care/Fostering") and its tree key (sort order and id at each level), which orders
    /// a scheme's clusters depth first, each parent straight before its children.
    /// </summary>
    public const string TreeCte = """
        tree as (
          select c.id, c.name::text as path, 1 as depth, array[c.sort_order, c.id] as tree_key
          from cluster c where c.parent_id is null
          union all
          select c.id, t.path || '/' || c.name, t.depth + 1, t.tree_key || array[c.sort_order, c.id]
          from cluster c join tree t on c.parent_id = t.id
        )
        """;

    /// <summary>Current job roles placed in cluster c.</summary>
    public const string RolesSql =
        "(select count(*)::int from job_role_cluster jc join job_role r on r.id = jc.job_role_id where jc.cluster_id = c.id and r.archived_at is null)";
    /// <summary>Current clusters directly below cluster c.</summary>
    public const string ChildrenSql = "(select count(*)::int from cluster k where k.parent_id = c.id and k.archived_at is null)";

    // Over cluster c, its tree row t and its scheme s. Ties (and the default) fall back to the
    // scheme's code and then tree order, so a scheme reads as it does on its own page.
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>
    {
        ["scheme"] = "search_text(s.code::text) collate \"C\"",
        ["path"] = "search_text(t.path) collate \"C\"",
        ["children"] = ChildrenSql,
        ["roles"] = RolesSql,
        ["updated"] = "c.updated_at",
    };

    /// <param name="schemeCodes">the codes of every scheme, archived ones included</param>
    public void Validate(IReadOnlyCollection<string> schemeCodes)
    {
        if (Scheme is not null)
        {
            Scheme = Scheme.Trim();
            var known = schemeCodes.FirstOrDefault(c => string.Equals(c, Scheme, StringComparison.OrdinalIgnoreCase));
            if (known is null) { Problems.Add(("Scheme", $"There is no clustering scheme with the code {Scheme}")); Scheme = null; }
            else Scheme = known;
        }
        if (Level is not (null or "top" or "child")) { Problems.Add(("Level", $"Choose top-level clusters or clusters within another, not {Level}")); Level = null; }
        if (Roles is not (null or "yes" or "no")) { Problems.Add(("Roles", $"Choose with job roles or without job roles, not {Roles}")); Roles = null; }
        ValidateCommon();
    }

    /// <summary>The WHERE clause over c, t and s (always starting "where") and its parameters.</summary>
    public (string Where, DynamicParameters Parameters) Filter()
    {
        var sql = new StringBuilder("where true");
        var p = new DynamicParameters();
        // A cluster of an archived scheme is out of use with its scheme, so it is listed with the
        // archived records whatever its own state.
        sql.Append((Show ?? "active") switch
        {
            "active" => " and c.archived_at is null and s.archived_at is null",
            "archived" => " and (c.archived_at is not null or s.archived_at is not null)",
            _ => "",
        });
        if (Q is not null)
        {
            // The path holds the name and its parents' names: "social care" finds Social care and
            // everything in it, "fostering" the one child. The scheme's code goes in front as files
            // write it, so "CWS-2005:Social care" pasted from a file finds that cluster too.
            sql.Append(" and search_text(s.code::text || ':' || t.path) like '%' || search_text(@q) || '%'");
            p.Add("q", EscapeLike(Q));
        }
        if (Scheme is not null) { sql.Append(" and s.code = @scheme::citext"); p.Add("scheme", Scheme); }
        switch (Level)
        {
            case "top": sql.Append(" and c.parent_id is null"); break;
            case "child": sql.Append(" and c.parent_id is not null"); break;
        }
        switch (Roles)
        {
            case "yes": sql.Append($" and {RolesSql} > 0"); break;
            case "no": sql.Append($" and {RolesSql} = 0"); break;
        }
        return (sql.ToString(), p);
    }

    public bool AnyFilter => Q is not null || Scheme is not null || Level is not null || Roles is not null || Show is "archived" or "all";
}
