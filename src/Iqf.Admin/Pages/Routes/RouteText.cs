using Dapper;
using Npgsql;

namespace Iqf.Admin.Pages.Routes;

/// <summary>
/// How a route is named and labelled everywhere: a route has no title of its own, so it is
/// called by its two ends ("Nursery nurse to Social worker"), a role end by its title and a
/// qualification end by its reference and title.
/// </summary>
public static class RouteText
{
    /// <summary>The four ends of route p: fr/fq (from role/qualification) and tr/tq (to).</summary>
    public const string EndJoins = """
        left join job_role fr on fr.id = p.from_role_id
        left join qualification fq on fq.id = p.from_qualification_id
        left join job_role tr on tr.id = p.to_role_id
        left join qualification tq on tq.id = p.to_qualification_id
        """;

    public const string FromName = "coalesce(fr.title::text, fq.reference || ' ' || fq.title)";
    public const string ToName = "coalesce(tr.title::text, tq.reference || ' ' || tq.title)";

    /// <summary>The bridging qualifications' references of route p, in the route's order.</summary>
    public const string ViaQualificationsSql =
        "(select string_agg(q.reference, ', ' order by v.position, q.reference) from route_via_qualification v join qualification q on q.id = v.qualification_id where v.route_id = p.id)";

    /// <summary>The bridging modules' codes of route p, in the route's order.</summary>
    public const string ViaModulesSql =
        "(select string_agg(m.code::text, ', ' order by v.position, m.code) from route_via_module v join module m on m.id = v.module_id where v.route_id = p.id)";

    /// <summary>"From to To" for route @Id; nothing when there is no such route.</summary>
    public const string NameSql = $"select {FromName} || ' to ' || {ToName} from progression_route p {EndJoins} where p.id = @Id";

    /// <summary>
    /// The route's name, read synchronously: the shared archive pages ask for it through a
    /// synchronous method, and the entity they load does not carry its ends.
    /// </summary>
    public static string Describe(NpgsqlDataSource db, long id)
    {
        using var conn = db.OpenConnection();
        return conn.ExecuteScalar<string?>(NameSql, new { Id = id }) ?? $"route {id}";
    }

    /// <summary>A vocabulary value as people read it: "top-up" is "Top up", "apel" is "APEL".</summary>
    public static string Label(string value) => value switch
    {
        "apel" => "APEL",
        "" => "",
        _ => char.ToUpperInvariant(value[0]) + value[1..].Replace('-', ' '),
    };

    /// <summary>What each mechanism means, for the form's hint and the details page.</summary>
    public static string Explain(string mechanism) => mechanism switch
    {
        "direct" => "Direct: the next step needs nothing in between",
        "top-up" => "Top up: a shorter course builds on what is held, for example a foundation degree to honours",
        "conversion" => "Conversion: a course that converts a qualification for another sector",
        "transfer-unit" => "Transfer unit: shared or bridging units carry across",
        "apel" => "APEL: accreditation of prior experience and learning",
        "fast-track" => "Fast track: a shortened route for people with relevant knowledge and skills",
        "employment-based" => "Employment based: qualifying while in post",
        _ => Label(mechanism),
    };

    public static string DirectionLabel(string direction) => direction switch
    {
        "vertical" => "Vertical (up a ladder)",
        "horizontal" => "Horizontal (across sectors)",
        _ => Label(direction),
    };
}
