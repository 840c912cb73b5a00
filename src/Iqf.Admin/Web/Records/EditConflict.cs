using System.Data.Common;
using System.Linq.Expressions;
using Dapper;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Npgsql;

namespace Iqf.Admin.Web.Records;

/// <summary>
/// What every edit form needs to turn a stale save into a conflict the editor can act on: the
/// database's clock when the form was opened, the changes others made since (read from the
/// history, so they are the same whichever path made them), and database refusals turned into
/// field errors. Rendered by Pages/Shared/_Conflict.cshtml.
/// </summary>
public static partial class EditConflict
{
    /// <param name="What">the field or child record that changed, as people read it</param>
    /// <param name="Theirs">the value they left (null when emptied)</param>
    public sealed record Change(DateTime OccurredAt, string Actor, string What, string? Theirs);

    /// <summary>What the _Conflict partial shows: the changes and where "keep theirs" goes.</summary>
    public sealed record View(IReadOnlyList<Change> Changes, string CancelUrl);

    /// <summary>
    /// Rows belonging to the record in another table: e.g. ("organisation_alias",
    /// "organisation_id", "alias", "alias") shows "alias added: X" / "alias removed: X".
    /// </summary>
    public sealed record Child(string Table, string ParentKey, string LabelColumn, string Name)
    {
        /// <summary>
        /// When the label column holds the id of a row elsewhere (a role_qualification's
        /// job_role_id), that row's table and the column to show instead (("job_role", "title")).
        /// A row deleted since is named from its deletion in the history; failing that, the id shows.
        /// </summary>
        public (string Table, string Column)? LabelFrom { get; init; }

        /// <summary>
        /// False for a child keyed by an id of its own (link_owner), whose history key does not
        /// name the parent: its rows are then matched on the values they held.
        /// </summary>
        public bool KeyNamesParent { get; init; } = true;
    }

    /// <summary>The database's clock in milliseconds, since it is the one that stamps the history.</summary>
    public static Task<long> NowAsync(DbConnection conn, DbTransaction? tx = null) =>
        conn.ExecuteScalarAsync<long>("select (extract(epoch from clock_timestamp()) * 1000)::bigint", transaction: tx);

    /// <summary>
    /// Changes to row <paramref name="id"/> of <paramref name="table"/> (field by field) and to
    /// its children (added, changed, removed) recorded since <paramref name="loadedAtMs"/>.
    /// </summary>
    public static async Task<List<Change>> SinceAsync(DbConnection conn, string table, long id, long loadedAtMs, params Child[] children)
    {
        var since = DateTimeOffset.FromUnixTimeMilliseconds(loadedAtMs);
        var changes = (await conn.QueryAsync<(long Seq, DateTime OccurredAt, string Actor, string What, string? Theirs)>("""
            select h.id, h.occurred_at, h.actor, replace(f, '_', ' '), h.after ->> f
            from history h cross join lateral unnest(h.changed_fields) f
            where h.table_name = @table and h.row_key = jsonb_build_object('id', @id) and h.operation = 'U' and h.occurred_at >= @since
              and f not in ('updated_at', 'title_search', 'code_search')
            """, new { table, id, since })).ToList();
        foreach (var child in children)
        {
            var label = "coalesce(h.after, h.before) ->> @label";
            if (child.LabelFrom is { } from)
            {
                var (otherTable, column) = from;
                // Identifiers cannot be parameters; these come from code, and are checked all the same.
                if (!Identifier().IsMatch(otherTable) || !Identifier().IsMatch(column)) throw new ArgumentException($"Not a plain SQL name: {otherTable}.{column}");
                label = $"""
                    coalesce((select o.{column}::text from {otherTable} o where o.id = ({label})::bigint),
                             (select d.before ->> '{column}' from history d where d.table_name = '{otherTable}' and d.operation = 'D'
                                and d.row_key @> jsonb_build_object('id', ({label})::bigint) order by d.id desc limit 1),
                             {label})
                    """;
            }
            var owned = child.KeyNamesParent ? "h.row_key" : "coalesce(h.after, h.before)";
            changes.AddRange(await conn.QueryAsync<(long, DateTime, string, string, string?)>($"""
                select h.id, h.occurred_at, h.actor,
                       @name || case h.operation when 'I' then ' added' when 'D' then ' removed' else ' changed' end,
                       {label}
                from history h
                where h.table_name = @table and {owned} @> jsonb_build_object(@parentKey, @id) and h.occurred_at >= @since
                """, new { table = child.Table, parentKey = child.ParentKey, label = child.LabelColumn, name = child.Name, id, since }));
        }
        return changes.OrderBy(c => c.Seq).Select(c => new Change(c.OccurredAt, c.Actor, c.What, c.Theirs)).ToList();
    }

    /// <summary>
    /// After a refused stale save: forgets the refused changes, reads the record as it is now and
    /// states the conflict, or, when someone deleted it meanwhile, says so and returns null. The
    /// caller lists the changes (<see cref="SinceAsync"/>) and moves the form's version on to the
    /// returned record's, so that saving again applies the editor's values on top of theirs.
    /// </summary>
    /// <param name="kind">the record as people name it ("framework", "clustering scheme")</param>
    public static async Task<T?> ReloadAsync<T>(DbContext db, ModelStateDictionary modelState, DbSet<T> set, Expression<Func<T, bool>> isRecord, string kind)
        where T : class
    {
        db.ChangeTracker.Clear();
        var current = await set.AsNoTracking().FirstOrDefaultAsync(isRecord);
        if (current is null)
        {
            modelState.AddModelError("", $"This {kind} was deleted by someone else while you were editing it");
            return null;
        }
        // The posted form must not override the new version when the page is shown again.
        modelState.Remove("Input.Version");
        AddConflictError(modelState, kind);
        return current;
    }

    /// <summary>
    /// The message every edit page shows above the changes; the caller also moves the form's
    /// version on (and removes the posted one from ModelState) so saving again applies on top.
    /// </summary>
    public static void AddConflictError(ModelStateDictionary modelState, string kind) =>
        modelState.AddModelError("", $"Someone else changed this {kind} while you were editing it. Their changes are listed below; your changes have not been saved yet");

    /// <summary>
    /// Turns a constraint the database enforced into a message beside the field it is about.
    /// The pages check these first; the database has the last word when two saves race.
    /// </summary>
    public static void AddDatabaseError(ModelStateDictionary modelState, PostgresException e, IReadOnlyDictionary<string, (string Field, string Message)> known)
    {
        if (e.ConstraintName is { } name && known.TryGetValue(name, out var hit)) modelState.AddModelError(hit.Field, hit.Message);
        else modelState.AddModelError("", "The database refused this change" + (e.ConstraintName is null ? "" : $" ({e.ConstraintName})") + ". Check the values and try again");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial System.Text.RegularExpressions.Regex Identifier();
}
