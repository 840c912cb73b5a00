using Iqf.Domain;

namespace Iqf.Data.Import.Kinds;

/// <summary>
/// The "role-qualifications" format: a link row of role_qualification, keyed by the role's title
/// (regardless of case, spacing, quote and dash style) and the qualification's reference (in
/// either spelling). Both must already be in the database. The engine finds, inserts and updates
/// the row by its composite key (<see cref="ImportKind.LinkKey"/>).
/// </summary>
public sealed class RoleQualificationImport : ImportKind
{
    public override string Name => "role-qualifications";
    public override string Table => "role_qualification";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        ImportColumn.Text("role", 300).AsRequired(),
        ImportColumn.Reference("qualification_reference").AsRequired(),
        ImportColumn.Choice("relevance", Vocabulary.Relevances),
        ImportColumn.Choice("requirement", Vocabulary.Requirements),
        ImportColumn.Boolean("significant"),
        ImportColumn.Date("valid_from"),
        ImportColumn.Date("valid_to"),
        ImportColumn.Text("conditions", 4000),
    ];

    public override string KeySql => "s.role || ' / ' || s.qualification_reference";

    public override IReadOnlyList<KeyColumn> LinkKey { get; } =
    [
        new("job_role_id", "(select r.role_id from import_role r where r.given = s.role)"),
        new("qualification_id", "(select q.id from qualification q where q.reference = s.qualification_reference)"),
    ];

    public override IReadOnlyList<ScalarField> Scalars { get; } =
    [
        new("relevance", "relevance", Default: "'core'"),
        new("requirement", "requirement", Default: "'recommended'"),
        new("significant", "significant", "boolean", Default: "'true'"),
        new("valid_from", "valid_from", "date"),
        new("valid_to", "valid_to", "date"),
        new("conditions", "conditions"),
    ];

    public override string CurrentSql => """
        jsonb_build_object('relevance', t.relevance, 'requirement', t.requirement, 'significant', t.significant::text,
          'valid_from', t.valid_from::text, 'valid_to', t.valid_to::text, 'conditions', t.conditions)
        """;

    public override IEnumerable<string> PrepareSql(IReadOnlySet<string> present, ImportOptions options)
    {
        // Each distinct role spelling is looked up once: by title exactly (case aside), else regardless of spacing, quotes and dashes.
        yield return """
            create temp table import_role on commit drop as
            select d.given, coalesce((select r.id from job_role r where r.title = d.given::citext),
                                     (select r.id from job_role r where lower(interchange_canon(r.title::text)) = lower(interchange_canon(d.given)) order by r.id limit 1)) as role_id
            from (select distinct role as given from stage where role is not null) d;
            create index on import_role (given);
            """;
    }

    public override IEnumerable<string> Checks(IReadOnlySet<string> present, ImportOptions options)
    {
        yield return """
            select s.line, 'role', 'there is no role titled ''' || s.role || ''' (import roles first, or use the role''s title rather than an alias)'
            from stage s join import_role r on r.given = s.role where r.role_id is null
            """;
        yield return """
            select s.line, 'qualification_reference', 'there is no qualification ' || s.qualification_reference || ' (import qualifications first)'
            from stage s where s.qualification_reference is not null
              and not exists (select 1 from qualification q where q.reference = s.qualification_reference)
            """;
        yield return """
            select s.line, 'qualification_reference', 'the same role and qualification as line ' || f.first_line || ': a file may give each link once'
            from stage s join import_role r on r.given = s.role
            join (select r.role_id, s.qualification_reference, min(s.line) as first_line
                  from stage s join import_role r on r.given = s.role
                  where r.role_id is not null and s.qualification_reference is not null
                  group by 1, 2 having count(*) > 1) f
              on f.role_id = r.role_id and f.qualification_reference = s.qualification_reference and s.line <> f.first_line
            """;
        yield return "select s.line, 'valid_to', 'is before valid_from' from stage s where s.valid_to::date < s.valid_from::date";
    }
}
