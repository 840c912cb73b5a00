using System.Globalization;
using System.Text;
using Dapper;
using Iqf.Admin.Web.Lists;

namespace Iqf.Admin.Pages.Standards;

/// <summary>The standards list's filters as they appear in the query string, and the SQL they make.</summary>
public sealed class StandardSearch : ListSearch
{
    protected override IReadOnlyDictionary<string, string> Sorts => SortColumns;
    protected override string DefaultSort => "code";

    /// <summary>A suite's id (text, so that a mangled value gets a message rather than a binding error).</summary>
    public string? Suite { get; set; }
    /// <summary>The organisation that owns the standard's suite.</summary>
    public string? Owner { get; set; }
    /// <summary>overdue (review date passed) or soon (due within three months).</summary>
    public string? Due { get; set; }

    public long? SuiteId => long.TryParse(Suite, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    public long? OwnerId => long.TryParse(Owner, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    // Folded text in byte order: case- and accent-insensitive, like the search.
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>
    {
        ["code"] = "search_text(st.code::text) collate \"C\"",
        ["title"] = "search_text(st.title) collate \"C\"",
        ["suite"] = "search_text(su.code::text) collate \"C\"",
        ["owner"] = "search_text(ow.name::text) collate \"C\"",
        ["approved"] = "st.approved_on",
        ["due"] = "st.review_due_on",
        ["modules"] = "(select count(*) from module_standard ms where ms.standard_id = st.id)",
        ["updated"] = "st.updated_at",
    };

    /// <summary>The tables the WHERE clause and the sort keys name: the standard, its suite and the suite's owner.</summary>
    public const string From = """
        occupational_standard st
        join nos_suite su on su.id = st.suite_id
        left join organisation ow on ow.id = su.owner_organisation_id
        """;

    public void Validate(IReadOnlyCollection<long> suiteIds, IReadOnlyCollection<long> ownerIds)
    {
        if (Suite is not null && (SuiteId is not { } s || !suiteIds.Contains(s))) { Problems.Add(("Suite", $"There is no suite {Suite}: choose one from the list")); Suite = null; }
        if (Owner is not null && (OwnerId is not { } o || !ownerIds.Contains(o))) { Problems.Add(("Owner", $"No suite is owned by organisation {Owner}: choose an owner from the list")); Owner = null; }
        if (Due is not (null or "overdue" or "soon")) { Problems.Add(("Due", $"Choose overdue or due within 3 months, not {Due}")); Due = null; }
        ValidateCommon();
    }

    /// <summary>The WHERE clause over <see cref="From"/> (always starting "where") and its parameters.</summary>
    public (string Where, DynamicParameters Parameters) Filter()
    {
        var sql = new StringBuilder("where true");
        var p = new DynamicParameters();
        sql.Append(ArchivedClause("st"));
        if (Q is not null)
        {
            sql.Append(" and (search_text(st.code::text) like '%' || search_text(@q) || '%' or search_text(st.title) like '%' || search_text(@q) || '%')");
            p.Add("q", EscapeLike(Q));
        }
        if (SuiteId is { } suite) { sql.Append(" and st.suite_id = @suite"); p.Add("suite", suite); }
        if (OwnerId is { } owner) { sql.Append(" and su.owner_organisation_id = @owner"); p.Add("owner", owner); }
        sql.Append(DueClause(Due, "st"));
        return (sql.ToString(), p);
    }

    /// <summary>The review-due condition on a table alias with a review_due_on column (" and ..." or nothing).</summary>
    public static string DueClause(string? due, string alias) => due switch
    {
        "overdue" => $" and {alias}.review_due_on < current_date",
        "soon" => $" and {alias}.review_due_on >= current_date and {alias}.review_due_on <= current_date + interval '3 months'",
        _ => "",
    };

    public bool AnyFilter => Q is not null || Suite is not null || Owner is not null || Due is not null || Show is "archived" or "all";
}
