using Iqf.Domain;

namespace Iqf.Data.Import.Kinds;

/// <summary>The "organisations" format: keyed by name (case-insensitive).</summary>
public sealed class OrganisationImport : ImportKind
{
    public override string Name => "organisations";
    public override string Table => "organisation";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        ImportColumn.Text("name", 300).AsRequired(),
        ImportColumn.Text("acronym", 50),
        ImportColumn.Choice("type", Vocabulary.OrganisationTypes).AsRequired(),
        ImportColumn.Url("website"),
        ImportColumn.Pattern("ofqual_recognition_number", @"^RN[0-9]{1,6}$", "RN and up to six digits, for example RN5160", upper: true),
        ImportColumn.List("aliases", 300),
        ImportColumn.Text("predecessor", 300),
        ImportColumn.Date("active_from"),
        ImportColumn.Date("active_to"),
    ];

    public override string KeySql => "s.name";
    // Names match as people read them: regardless of case, spacing, quote and dash style.
    private static string Same(string a, string b) => $"lower(interchange_canon({a})) = lower(interchange_canon({b}))";
    public override string MatchSql => $"(select o.id from organisation o where {Same("o.name::text", "s.name")} limit 1)";
    public override string MatchNewSql => $"(select o.id from organisation o where {Same("o.name::text", "w.fields ->> 'name'")} limit 1)";

    public override IReadOnlyList<ScalarField> Scalars { get; } =
    [
        new("name", "name", "citext"),
        new("acronym", "acronym", "citext"),
        new("type", "type"),
        new("website", "website"),
        new("ofqual_recognition_number", "ofqual_recognition_number"),
        new("active_from", "active_from", "date"),
        new("active_to", "active_to", "date"),
    ];

    public override IReadOnlyList<(string Field, string Sql)> Derived { get; } =
    [
        // In the order export writes them, so an unchanged list compares equal.
        ("aliases", "(select string_agg(a, ';' order by a::citext) from unnest(string_to_array(s.aliases, ';')) a)"),
        ("predecessor", "s.predecessor"),
    ];

    public override string CurrentSql => """
        jsonb_build_object('name', t.name::text, 'acronym', t.acronym::text, 'type', t.type, 'website', t.website,
          'ofqual_recognition_number', t.ofqual_recognition_number,
          'aliases', (select string_agg(a.alias::text, ';' order by a.alias) from organisation_alias a where a.organisation_id = t.id),
          'predecessor', (select p.name::text from organisation p where p.id = t.predecessor_id),
          'active_from', t.active_from::text, 'active_to', t.active_to::text)
        """;

    public override IEnumerable<string> Checks(IReadOnlySet<string> present, ImportOptions options)
    {
        yield return RepeatedKey("lower(interchange_canon(s.name))", "name", "organisation");
        yield return """
            select s.line, 'name', s.name || ' is another name (alias) of ' || o.name || ': use that name, or remove the alias from it first'
            from stage s join organisation_alias a on a.alias = s.name::citext join organisation o on o.id = a.organisation_id
            where not exists (select 1 from organisation x where x.name = s.name::citext)
            """;
        yield return "select s.line, 'active_to', 'is before active_from' from stage s where s.active_to::date < s.active_from::date";
        if (present.Contains("ofqual_recognition_number"))
        {
            yield return RepeatedKey("s.ofqual_recognition_number", "ofqual_recognition_number", "recognition number");
            yield return """
                select s.line, 'ofqual_recognition_number', s.ofqual_recognition_number || ' is already the recognition number of ' || o.name
                from stage s join organisation o on o.ofqual_recognition_number = s.ofqual_recognition_number and o.name <> s.name::citext
                where not exists (select 1 from stage x where x.name::citext = o.name and x.ofqual_recognition_number is distinct from s.ofqual_recognition_number)
                """;
        }
        if (present.Contains("aliases"))
        {
            yield return """
                select s.line, 'aliases', x || ' is given twice in this cell'
                from stage s cross join lateral (select btrim(x)::citext as x from unnest(string_to_array(s.aliases, ';')) x group by 1 having count(*) > 1) d
                """;
            yield return $"""
                with a as (select s.line, {MatchSql} as owner_id, lower(interchange_canon(s.name)) as owner_key, btrim(x)::citext as alias
                           from stage s cross join lateral unnest(string_to_array(s.aliases, ';')) x)
                select a.line, 'aliases', a.alias || ' is ' || case when o.name = a.alias then 'the name of ' else 'already an alias of ' end || o.name || ': an alias can belong to only one organisation'
                from a join lateral (
                  select o.name from organisation o where o.name = a.alias and o.id is distinct from a.owner_id
                  union all
                  select o.name from organisation_alias oa join organisation o on o.id = oa.organisation_id
                  where oa.alias = a.alias and o.id is distinct from a.owner_id
                    -- unless this file moves it: that organisation's own row no longer lists it
                    and not exists (select 1 from stage x where {Same("x.name", "o.name::text")} and not (a.alias = any (coalesce(string_to_array(x.aliases, ';'), array[]::text[])::citext[])))
                  limit 1) o on true
                union all
                select a.line, 'aliases', a.alias || ' is also given on line ' || b.line || ' (or is that row''s name)'
                from a join lateral (select b.line from a b where b.alias = a.alias and b.owner_key <> a.owner_key and b.line < a.line
                                     union all select x.line from stage x where x.name::citext = a.alias and lower(interchange_canon(x.name)) <> a.owner_key limit 1) b on true
                """;
        }
        if (present.Contains("predecessor"))
        {
            yield return """
                select s.line, 'predecessor', 'there is no organisation called ' || s.predecessor || ' (in the database or this file)'
                from stage s
                where s.predecessor is not null and find_organisation(s.predecessor) is null
                  and not exists (select 1 from stage x where x.name::citext = s.predecessor::citext)
                union all
                select s.line, 'predecessor', 'an organisation cannot be its own predecessor'
                from stage s where s.predecessor::citext = s.name::citext
                """;
        }
    }

    public override IEnumerable<string> RelationSql(IReadOnlySet<string> present, ImportOptions options)
    {
        if (present.Contains("aliases"))
        {
            yield return """
                delete from organisation_alias a using want w, import_plan p
                where p.line = w.line and p.changed @> array['aliases'] and a.organisation_id = w.target_id
                  -- compared as text, so an alias respelled only in its capitals is replaced by the new spelling
                  and not (a.alias::text = any (coalesce(string_to_array(w.fields ->> 'aliases', ';'), '{}')))
                """;
            yield return """
                insert into organisation_alias (organisation_id, alias)
                select w.target_id, x from want w join import_plan p on p.line = w.line
                cross join lateral unnest(string_to_array(w.fields ->> 'aliases', ';')) x
                where p.changed @> array['aliases']
                on conflict do nothing
                """;
        }
        if (present.Contains("predecessor"))
        {
            yield return """
                update organisation o set predecessor_id = (select coalesce((select x.id from organisation x where x.name = (w.fields ->> 'predecessor')::citext), find_organisation(w.fields ->> 'predecessor'))),
                       updated_at = now()
                from want w join import_plan p on p.line = w.line
                where p.changed @> array['predecessor'] and o.id = w.target_id
                """;
        }
        if (present.Contains("website"))
            foreach (var sql in ImportLinks.SyncSql("website", "organisation_id", "website")) yield return sql;
    }
}
