using System.Text;
using Iqf.Admin.Web.Lists;
using Dapper;
using Iqf.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Iqf.Admin.Pages.Organisations;

/// <summary>The organisation list's filters as they appear in the query string, and the SQL they make.</summary>
public sealed class OrganisationSearch : ListSearch
{
    protected override IReadOnlyDictionary<string, string> Sorts => SortColumns;
    protected override string DefaultSort => "name";

    public string? Type { get; set; }
    /// <summary>active (no end date, or one still to come) or inactive (its active_to has passed).</summary>
    public string? Status { get; set; }
    /// <summary>yes (has a predecessor) or no.</summary>
    public string? Predecessor { get; set; }

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


    public void Validate()
    {
        if (Type is not null && !Vocabulary.OrganisationTypes.Contains(Type)) { Problems.Add(("Type", $"There is no organisation type called {Type}")); Type = null; }
        if (Status is not (null or "active" or "inactive")) { Problems.Add(("Status", $"Choose active or no longer active, not {Status}")); Status = null; }
        if (Predecessor is not (null or "yes" or "no")) { Problems.Add(("Predecessor", $"Choose yes or no for predecessor, not {Predecessor}")); Predecessor = null; }
        ValidateCommon();
    }

    /// <summary>The WHERE clause over alias o (always starting "where") and its parameters.</summary>
    public (string Where, DynamicParameters Parameters) Filter()
    {
        var sql = new StringBuilder("where true");
        var p = new DynamicParameters();
        sql.Append(ArchivedClause("o"));
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



    public bool AnyFilter => Q is not null || Type is not null || Status is not null || Predecessor is not null || Show is "archived" or "all";

    /// <summary>A vocabulary value as people read it ("awarding-body" is "Awarding body").</summary>
    public static string Label(string value) => char.ToUpperInvariant(value[0]) + value[1..].Replace('-', ' ');
}
