namespace Iqf.Data.Import.Kinds;

/// <summary>
/// The free-text awarding bodies of the Department for Education's lists, mapped to
/// organisations. Each distinct spelling is resolved once into the temp table import_body:
/// <list type="bullet">
/// <item>a spelling that names no particular body ("Various Awarding Organisations") gives none;</item>
/// <item>otherwise the organisation with that name, alias or acronym (find_organisation: case- and accent-insensitive, never ambiguous);</item>
/// <item>otherwise the organisation the curated list below says the spelling means (also by name, alias or acronym);</item>
/// <item>otherwise nothing: an error naming line and column, or with --create-organisations a new
///   organisation under the curated name (or the spelling itself).</item>
/// </list>
/// A spelling reached through the curated list (or created under another name) becomes an alias
/// of its organisation, so the next import, and every other kind, finds it directly.
/// </summary>
public static class DfeAwardingBodies
{
    /// <summary>
    /// Spellings in the published files and what they mean (null: no particular body). Kept small:
    /// only spellings that embed a second name or an acronym, differ from another spelling of the
    /// same body in the same files, or misspell a body's name.
    /// </summary>
    public static readonly IReadOnlyList<(string Spelling, string? Meaning)> Curated =
    [
        ("Various Awarding Organisations", null),
        ("All Higher Education Institutes", null),
        ("Edexcel (now Pearson Education Ltd)", "Pearson Education Ltd"),
        ("CACHE Council for Awards in Care Health and Education", "CACHE"),
        ("NNEB National Nursery Examination Board", "National Nursery Examination Board"),
        ("Pre School Learning Alliance PSLA PLA", "Pre-school Learning Alliance"),
        ("Open University OU", "The Open University"),
        ("The Open University (University Centre Peterborough)", "The Open University"),
        ("Anglia Ruskin University (University Centre Peterborough)", "Anglia Ruskin University"),
        ("University of Hertfordshire (Pen Green)", "University of Hertfordshire"),
        ("University of Derby and Collaborative Provision", "University of Derby"),
        ("Worcester University", "University of Worcester"),
        ("Canterbury Christchurch University", "Canterbury Christ Church University"),
        ("University of Gloucester", "University of Gloucestershire"),
        ("WCG (Warwickshire College Group)", "Warwickshire College Group"),
        ("Training and Development Agency / The Teaching Agency", "Training and Development Agency for Schools"),
        ("Training Qualification UK", "Training Qualifications UK"),
        ("Training Qualifications UK Ltd", "Training Qualifications UK"),
        ("TQUK", "Training Qualifications UK"),
        ("iCan Qualifications (iCQ)", "iCan Qualifications"),
        ("iCan Qualifications Limited", "iCan Qualifications"),
        ("Scottish Qualifications Authority trading as SQA", "Scottish Qualifications Authority"),
        ("SFEDI Enterprises Ltd. T/A SFEDI Awards", "SFEDI Awards"),
        ("AQA Education", "AQA"),
    ];

    /// <summary>SQL: import_body (given, no_body, canonical, organisation_id) for the stage column's distinct spellings.</summary>
    public static string PrepareSql(string column) => $"""
        create temp table import_body on commit drop as
        with given as (select distinct {Dfe.Col(column)} as given from stage where {Dfe.Col(column)} is not null),
        curated (spelling, meaning) as (values {string.Join(", ", Curated.Select(c => $"({Dfe.Lit(c.Spelling)}, {(c.Meaning is null ? "null::text" : Dfe.Lit(c.Meaning))})"))}),
        g as (
          select g.given, c.spelling is not null as curated, c.meaning
          from given g left join curated c on lower(interchange_canon(c.spelling)) = lower(interchange_canon(g.given))
        )
        select given,
               curated and meaning is null as no_body,
               coalesce(meaning, interchange_canon(given)) as canonical,
               case when curated and meaning is null then null
                    else coalesce(find_organisation(given), find_organisation(meaning)) end as organisation_id
        from g;
        """;

    /// <summary>SQL over stage row s: the organisation's name in export spelling (the name it will be created under when new).</summary>
    public static string WantSql(string column) =>
        $"(select coalesce(o.name::text, b.canonical) from import_body b left join organisation o on o.id = b.organisation_id where b.given = s.{Dfe.Col(column)} and not b.no_body)";

    public static string UnknownCheck(string column) => $"""
        select s.line, {Dfe.Lit(column)}, 'no organisation has the name, acronym or alias ''' || s.{Dfe.Col(column)} || ''' (or more than one has): add it first, or import with --create-organisations'
        from stage s join import_body b on b.given = s.{Dfe.Col(column)} where b.organisation_id is null and not b.no_body
        """;

    private const string NewType = "case when canonical ~* '\\muniversity\\M' then 'higher-education' else 'awarding-body' end";

    private const string NewAlias = """
        case when b.organisation_id is not null
             then not exists (select 1 from organisation_name_lookup l where l.organisation_id = b.organisation_id and l.folded = search_text(b.given))
             else search_text(b.given) <> search_text(b.canonical) end
        """;

    public static IEnumerable<string> NoteSql(ImportOptions options)
    {
        if (options.CreateOrganisations)
            yield return $"""
                select 'creates the organisation ' || canonical || ' (type ' || {NewType} || ')'
                from (select distinct on (lower(canonical)) canonical from import_body where organisation_id is null and not no_body order by lower(canonical)) c
                order by 1
                """;
        yield return $"""
            select 'adds ''' || b.given || ''' as another name (alias) of ' || coalesce(o.name::text, b.canonical)
            from import_body b left join organisation o on o.id = b.organisation_id
            where not b.no_body and (b.organisation_id is not null or {(options.CreateOrganisations ? "true" : "false")}) and {NewAlias}
            order by 1
            """;
    }

    public static IEnumerable<string> BeforeSql(ImportOptions options)
    {
        if (options.CreateOrganisations)
        {
            yield return $"""
                insert into organisation (name, type)
                select distinct on (lower(canonical)) canonical, {NewType} from import_body
                where organisation_id is null and not no_body order by lower(canonical)
                on conflict do nothing
                """;
            yield return "update import_body b set organisation_id = o.id from organisation o where b.organisation_id is null and not b.no_body and o.name = b.canonical::citext";
        }
        yield return $"""
            insert into organisation_alias (organisation_id, alias)
            select distinct on (lower(b.given)) b.organisation_id, b.given from import_body b
            where b.organisation_id is not null and {NewAlias}
            order by lower(b.given)
            on conflict do nothing
            """;
    }

    /// <summary>SQL: sets the awarding body of the rows whose awarding_body field changes.</summary>
    public static string RelationSql(string column) => $"""
        update qualification q set awarding_body_id = b.organisation_id, updated_at = now()
        from want w join import_plan p on p.line = w.line join stage s on s.line = w.line
        left join import_body b on b.given = s.{Dfe.Col(column)} and not b.no_body
        where p.changed @> array['awarding_body'] and q.id = w.target_id
        """;
}
