using Iqf.Domain;

namespace Iqf.Data.Import.Kinds;

/// <summary>
/// The "roles" format, keyed by title (regardless of case, spacing, quote and dash style).
/// Aliases are a list (one alias may name several roles); the career level is 1 to 6 or its
/// name in the CAREER framework ("Support Workers"); clusters are SCHEME:Cluster or
/// SCHEME:Parent/Child as cluster_path spells them, at most one per scheme; the registration
/// body is an organisation's name, acronym or alias.
/// </summary>
public sealed class RoleImport : ImportKind
{
    public override string Name => "roles";
    public override string Table => "job_role";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        ImportColumn.Text("title", 300).AsRequired(),
        ImportColumn.List("aliases", 300),
        ImportColumn.Text("description", 20_000),
        ImportColumn.Text("career_level", 200),
        ImportColumn.Choice("workforce", Vocabulary.Workforces),
        ImportColumn.Choice("status", Vocabulary.RoleStatuses),
        ImportColumn.List("clusters", 600),
        ImportColumn.Text("mandatory_requirement", 4000),
        ImportColumn.Text("registration_body", 300),
    ];

    public override string KeySql => "s.title";
    private static string Same(string a, string b) => $"lower(interchange_canon({a})) = lower(interchange_canon({b}))";
    public override string MatchSql => $"(select r.id from job_role r where {Same("r.title::text", "s.title")} limit 1)";
    public override string MatchNewSql => "(select r.id from job_role r where r.title = (w.fields ->> 'title')::citext)";

    public override IReadOnlyList<ScalarField> Scalars { get; } =
    [
        new("title", "title", "citext"),
        new("description", "description"),
        new("career_level", "career_level", "smallint"),
        new("workforce", "workforce"),
        new("status", "status", Default: "'established'"),
        new("mandatory_requirement", "mandatory_requirement"),
    ];

    public override IReadOnlyList<(string Field, string Sql)> Derived { get; } =
    [
        // Both in the order export writes them, so an unchanged list compares equal.
        ("aliases", "(select string_agg(a, ';' order by a::citext) from unnest(string_to_array(s.aliases, ';')) a)"),
        ("clusters", "(select string_agg(c.scheme_code || ':' || c.path, ';' order by c.scheme_id) from import_cluster c where c.line = s.line)"),
        ("registration_body", "(select coalesce(o.name::text, s.registration_body) from import_body b left join organisation o on o.id = b.organisation_id where b.given = s.registration_body)"),
    ];

    public override string CurrentSql => """
        jsonb_build_object('title', t.title::text, 'description', t.description, 'career_level', t.career_level::text,
          'workforce', t.workforce, 'status', t.status, 'mandatory_requirement', t.mandatory_requirement,
          'aliases', (select string_agg(a.alias::text, ';' order by a.alias) from job_role_alias a where a.job_role_id = t.id),
          'clusters', (select string_agg(cp.scheme_code || ':' || cp.path, ';' order by cp.scheme_id)
                       from job_role_cluster jc join cluster_path cp on cp.cluster_id = jc.cluster_id where jc.job_role_id = t.id),
          'registration_body', (select o.name::text from organisation o where o.id = t.registration_body_id))
        """;

    public override IEnumerable<string> PrepareSql(IReadOnlySet<string> present, ImportOptions options)
    {
        // A career level given by its name becomes its number; what is neither stays as given for the check.
        yield return """
            update stage s set career_level = l.ordinal::text
            from level l join level_framework f on f.id = l.framework_id
            where f.code = 'CAREER' and s.career_level !~ '^[0-9]+$' and lower(interchange_canon(l.name)) = lower(interchange_canon(s.career_level))
            """;
        yield return """
            create temp table import_body on commit drop as
            select given, find_organisation(given) as organisation_id from (select distinct registration_body as given from stage where registration_body is not null) d;
            """;
        // Each cluster item split into scheme and path ("Parent / Child" spaced or not) and resolved through cluster_path.
        yield return """
            create temp table import_cluster on commit drop as
            select s.line, i.item, i.scheme, i.given_path, cp.scheme_id, cp.scheme_code::text as scheme_code, cp.cluster_id, cp.path,
                   (select sc.id from clustering_scheme sc where sc.code = i.scheme::citext) as given_scheme_id
            from stage s
            cross join lateral unnest(string_to_array(s.clusters, ';')) x
            cross join lateral (select x as item, nullif(btrim(split_part(x, ':', 1)), '') as scheme,
                                       nullif(regexp_replace(btrim(substr(x, strpos(x, ':') + 1)), '\s*/\s*', '/', 'g'), '') as given_path) i
            left join cluster_path cp on lower(cp.scheme_code) = lower(i.scheme) and lower(interchange_canon(cp.path)) = lower(interchange_canon(i.given_path))
            where strpos(x, ':') > 0;
            create index on import_cluster (line);
            """;
    }

    public override IEnumerable<string> Checks(IReadOnlySet<string> present, ImportOptions options)
    {
        yield return RepeatedKey("lower(interchange_canon(s.title))", "title", "role");
        if (present.Contains("career_level"))
            yield return """
                select s.line, 'career_level', '''' || s.career_level || ''' is not a career level: 1 to 6 or its name ('
                       || (select string_agg(l.ordinal || ' ' || l.name, ', ' order by l.ordinal) from level l join level_framework f on f.id = l.framework_id where f.code = 'CAREER') || ')'
                from stage s where s.career_level is not null and s.career_level !~ '^[1-6]$'
                """;
        if (present.Contains("registration_body"))
            yield return """
                select s.line, 'registration_body', 'no organisation has the name, acronym or alias ''' || s.registration_body || ''' (or more than one has): add it first'
                from stage s join import_body b on b.given = s.registration_body where b.organisation_id is null
                """;
        if (present.Contains("aliases"))
            yield return """
                select s.line, 'aliases', 'the alias ' || min(a) || ' is given twice'
                from stage s cross join lateral unnest(string_to_array(s.aliases, ';')) a
                group by s.line, lower(interchange_canon(a)) having count(*) > 1
                """;
        if (present.Contains("clusters"))
        {
            yield return """
                select s.line, 'clusters', '''' || btrim(x) || ''' is not SCHEME:Cluster or SCHEME:Parent/Child'
                from stage s cross join lateral unnest(string_to_array(s.clusters, ';')) x
                where strpos(x, ':') = 0
                union all
                select c.line, 'clusters', case
                  when c.scheme is null or c.given_path is null then '''' || c.item || ''' is not SCHEME:Cluster or SCHEME:Parent/Child'
                  when c.given_scheme_id is null then 'there is no clustering scheme ' || c.scheme || ' (the schemes are ' || (select string_agg(code::text, ', ' order by id) from clustering_scheme) || ')'
                  else 'scheme ' || c.scheme || ' has no cluster ' || c.given_path || ' (give the path from the top, e.g. Parent/Child)' end
                from import_cluster c where c.cluster_id is null
                union all
                select c.line, 'clusters', 'two clusters of scheme ' || min(c.scheme_code) || ' are given: a role sits in one cluster per scheme'
                from import_cluster c where c.cluster_id is not null group by c.line, c.scheme_id having count(*) > 1
                """;
        }
    }

    public override IEnumerable<string> RelationSql(IReadOnlySet<string> present, ImportOptions options)
    {
        if (present.Contains("aliases"))
        {
            // An alias kept in another case is respelled rather than deleted and added again.
            yield return """
                delete from job_role_alias a using want w, import_plan p
                where p.line = w.line and p.changed @> array['aliases'] and a.job_role_id = w.target_id
                  and not (a.alias = any (coalesce(string_to_array(w.fields ->> 'aliases', ';'), '{}')::citext[]))
                """;
            yield return """
                insert into job_role_alias (job_role_id, alias)
                select w.target_id, x from want w join import_plan p on p.line = w.line
                cross join lateral unnest(string_to_array(w.fields ->> 'aliases', ';')) x
                where p.changed @> array['aliases']
                on conflict (job_role_id, alias) do update set alias = excluded.alias
                where job_role_alias.alias::text <> excluded.alias::text
                """;
        }
        if (present.Contains("clusters"))
        {
            // A scheme no longer listed loses its placement; a scheme listed with another cluster is moved (one history update).
            yield return """
                delete from job_role_cluster jc using want w, import_plan p
                where p.line = w.line and p.changed @> array['clusters'] and jc.job_role_id = w.target_id
                  and not exists (select 1 from import_cluster c where c.line = w.line and c.scheme_id = jc.scheme_id)
                """;
            yield return """
                insert into job_role_cluster (job_role_id, scheme_id, cluster_id)
                select w.target_id, c.scheme_id, c.cluster_id from want w join import_plan p on p.line = w.line join import_cluster c on c.line = w.line
                where p.changed @> array['clusters']
                on conflict (job_role_id, scheme_id) do update set cluster_id = excluded.cluster_id
                where job_role_cluster.cluster_id <> excluded.cluster_id
                """;
        }
        if (present.Contains("registration_body"))
            yield return """
                update job_role r set registration_body_id = b.organisation_id, updated_at = now()
                from want w join import_plan p on p.line = w.line join stage s on s.line = w.line left join import_body b on b.given = s.registration_body
                where p.changed @> array['registration_body'] and r.id = w.target_id
                """;
    }
}
