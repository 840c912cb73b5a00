using System.Text;
using Dapper;
using Iqf.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Iqf.Admin.Pages.Organisations;

/// <summary>The organisation list's filters as they appear in the query string, and the SQL they make.</summary>
public sealed class OrganisationSearch
{
    /// <summary>Matches the name, the acronym or any alias.</summary>
    public string? Q { get; set; }
    public string? Type { get; set; }
    /// <summary>active (no end date, or one still to come) or inactive (its active_to has passed).</summary>
    public string? Status { get; set; }
    /// <summary>yes (has a predecessor) or no.</summary>
    public string? Predecessor { get; set; }
    /// <summary>active (default: records not archived), archived or all.</summary>
    public string? Show { get; set; }
    public string? Sort { get; set; }
    public string? Dir { get; set; }
    /// <summary>
    /// From the query string only: Razor Pages keeps the page's own path in a route value called
    /// "page", which would otherwise be bound here first and fail.
    /// </summary>
    [FromQuery(Name = "page")] public int Page { get; set; } = 1;

    // Text sorts on byte order of folded text, as the qualification list does: case- and
    // accent-insensitive for people without locale-aware comparison.
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>
    {
        ["name"] = "search_text(o.name::text) collate \"C\"",
        ["acronym"] = "search_text(o.acronym::text) collate \"C\"",
        ["type"] = "o.type collate \"C\"",
        ["from"] = "o.active_from",
        ["to"] = "o.active_to",
        ["qualifications"] = "(select count(*) from qualification q where q.awarding_body_id = o.id and q.archived_at is null)",
        ["updated"] = "o.updated_at",
    };

    /// <summary>Problems with values that came in the query string; those filters are not applied.</summary>
    public List<(string Field, string Message)> Problems { get; } = [];

    public void Validate()
    {
        if (Type is not null && !Vocabulary.OrganisationTypes.Contains(Type)) { Problems.Add(("Type", $"There is no organisation type called {Type}")); Type = null; }
        if (Status is not (null or "active" or "inactive")) { Problems.Add(("Status", $"Choose active or no longer active, not {Status}")); Status = null; }
        if (Predecessor is not (null or "yes" or "no")) { Problems.Add(("Predecessor", $"Choose yes or no for predecessor, not {Predecessor}")); Predecessor = null; }
        if (Show is not (null or "active" or "archived" or "all")) Show = null;
        if (Sort is null || !SortColumns.ContainsKey(Sort)) Sort = "name";
        if (Dir is not ("asc" or "desc")) Dir = "asc";
        if (Page < 1) Page = 1;
        Q = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
        if (Q is { Length: > 200 }) Q = Q[..200];
    }

    /// <summary>The WHERE clause over alias o (always starting "where") and its parameters.</summary>
    public (string Where, DynamicParameters Parameters) Filter()
    {
        var sql = new StringBuilder("where true");
        var p = new DynamicParameters();
        switch (Show ?? "active")
        {
            case "active": sql.Append(" and o.archived_at is null"); break;
            case "archived": sql.Append(" and o.archived_at is not null"); break;
        }
        if (Q is not null)
        {
            // The lookup view folds name, acronym and aliases the same way; an IN over it lets the
            // planner push the LIKE into each arm, where the trigram indexes serve it.
            sql.Append(" and o.id in (select organisation_id from organisation_name_lookup where folded like '%' || search_text(@q) || '%')");
            p.Add("q", EscapeLike(Q));
        }
        if (Type is not null) { sql.Append(" and o.type = @type"); p.Add("type", Type); }
        switch (Status)
        {
            case "active": sql.Append(" and (o.active_to is null or o.active_to >= current_date)"); break;
            case "inactive": sql.Append(" and o.active_to < current_date"); break;
        }
        switch (Predecessor)
        {
            case "yes": sql.Append(" and o.predecessor_id is not null"); break;
            case "no": sql.Append(" and o.predecessor_id is null"); break;
        }
        return (sql.ToString(), p);
    }

    public (string Key, string Direction) Order() => (SortColumns[Sort ?? "name"], Dir == "desc" ? "desc" : "asc");

    public static string EscapeLike(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    public bool AnyFilter => Q is not null || Type is not null || Status is not null || Predecessor is not null || Show is "archived" or "all";

    /// <summary>A vocabulary value as people read it ("awarding-body" is "Awarding body").</summary>
    public static string Label(string value) => char.ToUpperInvariant(value[0]) + value[1..].Replace('-', ' ');
}
