using System.Text;
using Iqf.Admin.Web.Lists;
using Dapper;
using Iqf.Domain;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>
/// The qualification list's filters as they appear in the query string, and the SQL they make.
/// Shared by the list page and the CSV export of "everything matching these filters".
/// </summary>
public sealed class QualificationSearch : ListSearch
{
    protected override IReadOnlyDictionary<string, string> Sorts => SortColumns;
    protected override string DefaultSort => "title";

    public string? Level { get; set; }
    public string? Framework { get; set; }
    public string? Type { get; set; }
    public string? Status { get; set; }
    public long? Awarding { get; set; }
    public string? Age { get; set; }
    public string? Cc { get; set; }
    public bool Broken { get; set; }
    public bool Overdue { get; set; }

    // Text sorts on byte order of folded text: case- and accent-insensitive for people, and far
    // cheaper than locale-aware comparison when tens of thousands of rows match.
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>
    {
        ["title"] = "q.title_search collate \"C\"",
        ["reference"] = "q.reference collate \"C\"",
        ["type"] = "q.type collate \"C\"",
        ["status"] = "q.status collate \"C\"",
        ["updated"] = "q.updated_at",
    };


    public void Validate(IReadOnlyCollection<string> frameworkCodes)
    {
        if (Type is not null && !Vocabulary.QualificationTypes.Contains(Type)) { Problems.Add(("Type", $"There is no qualification type called {Type}")); Type = null; }
        if (Status is not null && !Vocabulary.QualificationStatuses.Contains(Status)) { Problems.Add(("Status", $"There is no status called {Status}")); Status = null; }
        if (Cc is not null && !Vocabulary.CommonCoreStatuses.Contains(Cc)) { Problems.Add(("Cc", $"There is no Common Core status called {Cc}")); Cc = null; }
        if (Framework is not null && !frameworkCodes.Contains(Framework, StringComparer.OrdinalIgnoreCase)) { Problems.Add(("Framework", $"There is no level framework called {Framework}")); Framework = null; }
        if (Level is not null)
        {
            var codes = LevelSpelling.Parse(Level);
            if (codes is not { Count: 1 }) { Problems.Add(("Level", $"{Level} is not a level: use Entry, Entry 1 to Entry 3, or 1 to 8")); Level = null; }
            else Level = codes[0];
        }
        ValidateCommon();
    }

    /// <summary>The WHERE clause (always starting "where") and its parameters.</summary>
    public (string Where, DynamicParameters Parameters) Filter()
    {
        var sql = new StringBuilder("where true");
        var p = new DynamicParameters();
        sql.Append(ArchivedClause("q"));
        if (Q is not null)
        {
            // The trigram index on search_text(title) serves the title match; a reference may be
            // typed in any spelling, so it is also matched in its normalised form.
            sql.Append(" and (q.title_search like '%' || search_text(@q) || '%' or q.reference ilike '%' || @q || '%' or q.reference = normalise_reference(@qraw))");
            p.Add("q", EscapeLike(Q));
            p.Add("qraw", Q);
        }
        if (Level is not null)
        {
            sql.Append(" and exists (select 1 from qualification_level ql join level_lookup l on l.level_id = ql.level_id where ql.qualification_id = q.id and l.level_code = @level::citext"
                       + (Framework is null ? "" : " and l.framework_code = @framework::citext") + ")");
            p.Add("level", Level);
        }
        else if (Framework is not null)
            sql.Append(" and exists (select 1 from qualification_level ql join level_lookup l on l.level_id = ql.level_id where ql.qualification_id = q.id and l.framework_code = @framework::citext)");
        if (Framework is not null) p.Add("framework", Framework);
        if (Type is not null) { sql.Append(" and q.type = @type"); p.Add("type", Type); }
        if (Status is not null) { sql.Append(" and q.status = @status"); p.Add("status", Status); }
        if (Awarding is not null) { sql.Append(" and q.awarding_body_id = @awarding"); p.Add("awarding", Awarding); }
        if (Age is not null) { sql.Append(" and q.age_focus = @age"); p.Add("age", Age); }
        if (Cc is not null) { sql.Append(" and q.common_core_status = @cc"); p.Add("cc", Cc); }
        if (Broken)
            sql.Append(" and exists (select 1 from link_owner o join external_link e on e.id = o.link_id where o.qualification_id = q.id and e.state in ('broken', 'blocked') and not e.ignored)");
        if (Overdue)
            sql.Append(" and coalesce(q.last_reviewed_at, q.created_at) < now() - make_interval(months => coalesce(q.review_interval_months, 12))");
        return (sql.ToString(), p);
    }



    public bool AnyFilter => Q is not null || Level is not null || Framework is not null || Type is not null || Status is not null
                             || Awarding is not null || Age is not null || Cc is not null || Broken || Overdue || Show is "archived" or "all";
}
