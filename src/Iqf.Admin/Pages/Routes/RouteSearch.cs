using System.Text;
using Dapper;
using Iqf.Admin.Web.Lists;
using Iqf.Domain;

namespace Iqf.Admin.Pages.Routes;

/// <summary>The route list's filters as they appear in the query string, and the SQL they make.</summary>
public sealed class RouteSearch : ListSearch
{
    protected override IReadOnlyDictionary<string, string> Sorts => SortColumns;
    protected override string DefaultSort => "from";

    public string? Direction { get; set; }
    public string? Mechanism { get; set; }
    /// <summary>What the route starts from: role or qualification.</summary>
    public string? From { get; set; }
    /// <summary>What the route leads to: role or qualification.</summary>
    public string? To { get; set; }
    /// <summary>A job role's id: routes that start or end at it. Text, so a bad value gets a message rather than a binding error.</summary>
    public string? Role { get; set; }
    /// <summary>A qualification's reference in any accepted spelling: routes from, to or through it.</summary>
    public string? Qualification { get; set; }

    /// <summary>The role and qualification filters once checked against the database (null: not filtering).</summary>
    public long? RoleId { get; private set; }
    public long? QualificationId { get; private set; }

    // Folded text in byte order, as the other lists sort: case- and accent-insensitive.
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>
    {
        ["from"] = $"search_text({RouteText.FromName}) collate \"C\"",
        ["to"] = $"search_text({RouteText.ToName}) collate \"C\"",
        ["direction"] = "p.direction collate \"C\"",
        ["mechanism"] = "p.mechanism collate \"C\"",
        ["updated"] = "p.updated_at",
    };

    /// <summary>Checks the filters that need no database; values that make no sense are reported and dropped.</summary>
    public void Validate()
    {
        if (Direction is not null && !Vocabulary.Directions.Contains(Direction)) { Problems.Add(("Direction", $"Choose vertical or horizontal, not {Direction}")); Direction = null; }
        if (Mechanism is not null && !Vocabulary.Mechanisms.Contains(Mechanism)) { Problems.Add(("Mechanism", $"There is no mechanism called {Mechanism}")); Mechanism = null; }
        if (From is not (null or "role" or "qualification")) { Problems.Add(("From", $"Choose job role or qualification for where routes start, not {From}")); From = null; }
        if (To is not (null or "role" or "qualification")) { Problems.Add(("To", $"Choose job role or qualification for where routes lead, not {To}")); To = null; }
        Role = string.IsNullOrWhiteSpace(Role) ? null : Role.Trim();
        Qualification = string.IsNullOrWhiteSpace(Qualification) ? null : Qualification.Trim();
        ValidateCommon();
    }

    /// <summary>Applies the role filter once the page has looked the id up (null when there is no such role).</summary>
    public void ResolveRole(long? id)
    {
        if (Role is null) return;
        if (id is null) { Problems.Add(("Role", "Select a job role from the list")); Role = null; }
        RoleId = id;
    }

    /// <summary>Applies the qualification filter once the page has looked the reference up.</summary>
    public void ResolveQualification(long? id)
    {
        if (Qualification is null) return;
        if (id is null)
        {
            Problems.Add(("Qualification", $"There is no qualification with reference {QualificationReference.Normalise(Qualification) ?? Qualification}"));
            Qualification = null;
        }
        QualificationId = id;
    }

    /// <summary>The WHERE clause over route p and its ends (<see cref="RouteText.EndJoins"/>), always starting "where", and its parameters.</summary>
    public (string Where, DynamicParameters Parameters) Filter()
    {
        var sql = new StringBuilder("where true");
        var p = new DynamicParameters();
        sql.Append(ArchivedClause("p"));
        if (Q is not null)
        {
            // Either end's role title, qualification reference or title, or the notes. A
            // reference typed in another spelling (60358294) also finds its stored form.
            sql.Append("""
                 and (search_text(fr.title::text) like '%' || search_text(@q) || '%'
                      or search_text(tr.title::text) like '%' || search_text(@q) || '%'
                      or fq.title_search like '%' || search_text(@q) || '%' or tq.title_search like '%' || search_text(@q) || '%'
                      or search_text(fq.reference) like '%' || search_text(@q) || '%' or search_text(tq.reference) like '%' || search_text(@q) || '%'
                      or fq.reference = @reference or tq.reference = @reference
                      or search_text(p.notes) like '%' || search_text(@q) || '%')
                """);
            p.Add("q", EscapeLike(Q));
            p.Add("reference", QualificationReference.Normalise(Q));
        }
        if (Direction is not null) { sql.Append(" and p.direction = @direction"); p.Add("direction", Direction); }
        if (Mechanism is not null) { sql.Append(" and p.mechanism = @mechanism"); p.Add("mechanism", Mechanism); }
        if (From is not null) sql.Append(From == "role" ? " and p.from_role_id is not null" : " and p.from_qualification_id is not null");
        if (To is not null) sql.Append(To == "role" ? " and p.to_role_id is not null" : " and p.to_qualification_id is not null");
        if (RoleId is not null) { sql.Append(" and (p.from_role_id = @role or p.to_role_id = @role)"); p.Add("role", RoleId); }
        if (QualificationId is not null)
        {
            sql.Append("""
                 and (p.from_qualification_id = @qualification or p.to_qualification_id = @qualification
                      or exists (select 1 from route_via_qualification v where v.route_id = p.id and v.qualification_id = @qualification))
                """);
            p.Add("qualification", QualificationId);
        }
        return (sql.ToString(), p);
    }

    public bool AnyFilter => Q is not null || Direction is not null || Mechanism is not null || From is not null || To is not null
                             || Role is not null || Qualification is not null || Show is "archived" or "all";
}
