using System.Globalization;
using System.Text;
using Dapper;
using Iqf.Admin.Web.Lists;

namespace Iqf.Admin.Pages.Standards.Suites;

/// <summary>The suite list's filters as they appear in the query string, and the SQL they make.</summary>
public sealed class SuiteSearch : ListSearch
{
    protected override IReadOnlyDictionary<string, string> Sorts => SortColumns;
    protected override string DefaultSort => "code";

    public string? Owner { get; set; }
    /// <summary>overdue (review date passed) or soon (due within three months).</summary>
    public string? Due { get; set; }

    public long? OwnerId => long.TryParse(Owner, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>
    {
        ["code"] = "search_text(su.code::text) collate \"C\"",
        ["title"] = "search_text(su.title) collate \"C\"",
        ["owner"] = "search_text(ow.name::text) collate \"C\"",
        ["approved"] = "su.approved_on",
        ["due"] = "su.review_due_on",
        ["standards"] = "(select count(*) from occupational_standard st where st.suite_id = su.id and st.archived_at is null)",
        ["updated"] = "su.updated_at",
    };

    public const string From = "nos_suite su left join organisation ow on ow.id = su.owner_organisation_id";

    public void Validate(IReadOnlyCollection<long> ownerIds)
    {
        if (Owner is not null && (OwnerId is not { } o || !ownerIds.Contains(o))) { Problems.Add(("Owner", $"No suite is owned by organisation {Owner}: choose an owner from the list")); Owner = null; }
        if (Due is not (null or "overdue" or "soon")) { Problems.Add(("Due", $"Choose overdue or due within 3 months, not {Due}")); Due = null; }
        ValidateCommon();
    }

    public (string Where, DynamicParameters Parameters) Filter()
    {
        var sql = new StringBuilder("where true");
        var p = new DynamicParameters();
        sql.Append(ArchivedClause("su"));
        if (Q is not null)
        {
            sql.Append(" and (search_text(su.code::text) like '%' || search_text(@q) || '%' or search_text(su.title) like '%' || search_text(@q) || '%')");
            p.Add("q", EscapeLike(Q));
        }
        if (OwnerId is { } owner) { sql.Append(" and su.owner_organisation_id = @owner"); p.Add("owner", owner); }
        sql.Append(StandardSearch.DueClause(Due, "su"));
        return (sql.ToString(), p);
    }

    public bool AnyFilter => Q is not null || Owner is not null || Due is not null || Show is "archived" or "all";
}
