using System.Text;
using Dapper;
using Iqf.Admin.Web.Lists;

namespace Iqf.Admin.Pages.Frameworks;

/// <summary>The framework list's filters as they appear in the query string, and the SQL they make.</summary>
public sealed class FrameworkSearch : ListSearch
{
    protected override IReadOnlyDictionary<string, string> Sorts => SortColumns;
    protected override string DefaultSort => "code";

    /// <summary>current (no end date, or one still to come) or closed (its valid_to has passed).</summary>
    public string? Status { get; set; }

    /// <summary>Current levels of the framework.</summary>
    public const string LevelCountSql = "(select count(*)::int from level l where l.framework_id = f.id and l.archived_at is null)";

    /// <summary>Current qualifications levelled in the framework, each once however many of its levels it has.</summary>
    public const string QualificationCountSql = """
        (select count(distinct ql.qualification_id)::int from qualification_level ql
         join level l on l.id = ql.level_id join qualification q on q.id = ql.qualification_id
         where l.framework_id = f.id and q.archived_at is null)
        """;

    // Text sorts on byte order of folded text, as the other lists do.
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>
    {
        ["code"] = "search_text(f.code::text) collate \"C\"",
        ["name"] = "search_text(f.name) collate \"C\"",
        ["from"] = "f.valid_from",
        ["to"] = "f.valid_to",
        ["levels"] = LevelCountSql,
        ["qualifications"] = QualificationCountSql,
        ["updated"] = "f.updated_at",
    };

    public void Validate()
    {
        if (Status is not (null or "current" or "closed")) { Problems.Add(("Status", $"Choose current or closed, not {Status}")); Status = null; }
        ValidateCommon();
    }

    /// <summary>The WHERE clause over alias f (always starting "where") and its parameters.</summary>
    public (string Where, DynamicParameters Parameters) Filter()
    {
        var sql = new StringBuilder("where true");
        var p = new DynamicParameters();
        sql.Append(ArchivedClause("f"));
        if (Q is not null)
        {
            // Seven-odd rows: folding each on the fly costs nothing, so no index is needed.
            sql.Append(" and (search_text(f.code::text) like '%' || search_text(@q) || '%' or search_text(f.name) like '%' || search_text(@q) || '%')");
            p.Add("q", EscapeLike(Q));
        }
        switch (Status)
        {
            case "current": sql.Append(" and (f.valid_to is null or f.valid_to >= current_date)"); break;
            case "closed": sql.Append(" and f.valid_to < current_date"); break;
        }
        return (sql.ToString(), p);
    }

    public bool AnyFilter => Q is not null || Status is not null || Show is "archived" or "all";
}
