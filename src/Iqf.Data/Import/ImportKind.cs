namespace Iqf.Data.Import;

/// <summary>
/// A field copied from the file to a column of the kind's table as it is (after the cell was
/// read): the engine writes its insert and update. <paramref name="Default"/> (SQL) stands in for
/// an empty cell, e.g. 'available' for a qualification's status. <paramref name="From"/> (SQL over
/// stage row s) gives the value when it is not simply the column named <paramref name="Field"/>:
/// a format of someone else's making names its columns its own way ("Qualification Name") or
/// needs a value worked out ("Ofqual type" mapped onto ours), while the field keeps its export
/// spelling for the change report and the write.
/// </summary>
public sealed record ScalarField(string Field, string Column, string Cast = "text", string? Default = null, string? From = null);

/// <summary>
/// A column of a link table's composite key (e.g. role_qualification's job_role_id) and the SQL
/// over stage row s that resolves it (null when what it names does not exist yet).
/// </summary>
public sealed record KeyColumn(string Column, string Sql);

/// <summary>
/// One import format (../shared/docs/interchange.md) and the SQL that gives it meaning. The
/// engine (<see cref="Importer"/>) stages the file as `stage` (alias s in the SQL given here),
/// runs <see cref="Checks"/>, builds `want` (one row per record: line, key, target_id, fields as
/// jsonb in export spelling), compares it with <see cref="CurrentSql"/> into `import_plan`
/// (action new/updated/unchanged and the changed fields), then writes: inserts and updates of the
/// scalar fields, and whatever <see cref="RelationSql"/> adds (aliases, levels, links...).
/// <para>
/// Most kinds are one table with an id (<see cref="MatchSql"/>, want.target_id). A link table
/// without an id (role_qualification) names its <see cref="LinkKey"/> instead: want then has a
/// column per key column, the current record is the row with those values, and the engine
/// inserts and updates by them. A kind whose records are not simply rows of one table (modules:
/// a module and its place in a qualification; Common Core mappings: one of two tables) says
/// where its current record is (<see cref="CurrentFromSql"/>) and writes it itself
/// (<see cref="WriteSql"/>).
/// </para>
/// </summary>
public abstract class ImportKind
{
    public abstract string Name { get; }
    public abstract IReadOnlyList<ImportColumn> Columns { get; }
    /// <summary>The kind's table (alias t in <see cref="CurrentSql"/>).</summary>
    public abstract string Table { get; }
    /// <summary>SQL over stage row s: the key as people read it (for messages and the change list).</summary>
    public abstract string KeySql { get; }
    /// <summary>SQL over stage row s: the id of the existing record this row is, or null (kinds with a <see cref="LinkKey"/> have none).</summary>
    public virtual string MatchSql => "null::bigint";
    /// <summary>SQL over want row w after new rows were inserted: their ids (same shape as <see cref="MatchSql"/> but over w.fields).</summary>
    public virtual string MatchNewSql => "null::bigint";
    /// <summary>
    /// For a link table without an id: the columns of <see cref="Table"/> that identify a record,
    /// each resolved from the row (want gets a column of that name). Empty for tables with an id.
    /// Link tables have no updated_at.
    /// </summary>
    public virtual IReadOnlyList<KeyColumn> LinkKey => [];
    /// <summary>
    /// SQL after FROM finding want row w's current record as t (no row: the record is new). By
    /// default <see cref="Table"/> by id, or by the <see cref="LinkKey"/> columns.
    /// </summary>
    public virtual string CurrentFromSql => LinkKey.Count == 0
        ? $"{Table} t where t.id = w.target_id"
        : $"{Table} t where {string.Join(" and ", LinkKey.Select(k => $"t.{k.Column} = w.{k.Column}"))}";
    /// <summary>
    /// SQL condition over stage row s: whether the row is a record of its own (default: every
    /// row). Rows left out restate a record an earlier row gave (and were checked to agree).
    /// </summary>
    public virtual string? RecordFilterSql => null;
    public abstract IReadOnlyList<ScalarField> Scalars { get; }
    /// <summary>Fields worked out from the row rather than copied (field, SQL over s), e.g. a sorted alias list.</summary>
    public virtual IReadOnlyList<(string Field, string Sql)> Derived => [];
    /// <summary>SQL: a jsonb of the current record t's fields in export spelling (all fields the file may hold).</summary>
    public abstract string CurrentSql { get; }

    /// <summary>SQL run once after staging, before the checks: e.g. resolving each distinct organisation name once into a temp table.</summary>
    public virtual IEnumerable<string> PrepareSql(IReadOnlySet<string> present, ImportOptions options) => [];
    /// <summary>SQL statements returning (line, column, message) for rows that cannot be imported.</summary>
    public virtual IEnumerable<string> Checks(IReadOnlySet<string> present, ImportOptions options) => [];
    /// <summary>SQL returning one text column: notes for the report (things that will happen but are not errors).</summary>
    public virtual IEnumerable<string> NoteSql(IReadOnlySet<string> present, ImportOptions options) => [];
    /// <summary>SQL run before the scalar insert (e.g. creating missing organisations).</summary>
    public virtual IEnumerable<string> BeforeSql(IReadOnlySet<string> present, ImportOptions options) => [];
    /// <summary>
    /// SQL writing the new and updated records (after <see cref="BeforeSql"/>, before
    /// <see cref="RelationSql"/>); null: the engine inserts and updates the scalar fields in <see cref="Table"/>.
    /// </summary>
    public virtual IEnumerable<string>? WriteSql(IReadOnlySet<string> present, ImportOptions options) => null;
    /// <summary>SQL run after inserts and updates, with want.target_id set for every row.</summary>
    public virtual IEnumerable<string> RelationSql(IReadOnlySet<string> present, ImportOptions options) => [];

    /// <summary>Fields this file speaks about: scalar and derived fields whose column is in the header.</summary>
    public virtual bool Covers(string field, IReadOnlySet<string> present) => present.Contains(field);

    /// <summary>SQL: the lines repeating an earlier line's key, as errors on <paramref name="column"/>.</summary>
    protected static string RepeatedKey(string keySql, string column, string what) => $"""
        select s.line, '{column}', 'the same {what} as line ' || f.first_line || ': a file may give each {what} once'
        from stage s join (select {keySql} as k, min(line) as first_line from stage s where {keySql} is not null group by 1 having count(*) > 1) f
          on f.k = {keySql} and s.line <> f.first_line
        """;
}
