using Dapper;
using Iqf.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Frameworks;

/// <summary>
/// Permanent deletion of levels: administrators only (by page name), and only when no
/// qualification, module or job role uses any of them (<see cref="LevelUse"/>). The levels'
/// equivalences are their own statements and go with them, as an organisation's aliases do;
/// every row removed is in the history. Web/Records' HardDeleteModel deletes one row by a long
/// id; these deletions take a framework's levels and equivalences in the same transaction.
/// </summary>
public abstract class LevelsDeleteModel(NpgsqlDataSource db) : PageModel
{
    public string Name { get; private set; } = "";
    public List<string> References { get; private set; } = [];
    /// <summary>Levels and equivalences that would go with the record.</summary>
    public int Levels { get; private set; }
    public int Equivalences { get; private set; }

    protected abstract int? RecordId { get; }
    /// <summary>A condition on alias l of table level picking the levels that go; parameter @Id.</summary>
    protected abstract string LevelCondition { get; }
    /// <summary>Where the references are, as a sentence ends: "in it", "at it".</summary>
    protected abstract string Place { get; }
    /// <summary>SQL giving the record's display name; parameter @Id.</summary>
    protected abstract string NameSql { get; }
    /// <summary>The record's own row, deleted after its levels' equivalences (and levels).</summary>
    protected abstract string DeleteRecordSql { get; }
    protected abstract string AfterDelete { get; }
    /// <summary>Anything else the page needs to know about the record, read while it still exists.</summary>
    protected virtual Task OnLoadedAsync(NpgsqlConnection conn) => Task.CompletedTask;

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return NotFound();
        if (References.Count > 0) return Page();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await Actor.SetAsync(conn, tx, "user:" + User.Identity!.Name);
        // The foreign keys check again inside the transaction, in case something was levelled meanwhile.
        try
        {
            await conn.ExecuteAsync($"""
                delete from level_equivalence
                where level_a_id in (select l.id from level l where {LevelCondition}) or level_b_id in (select l.id from level l where {LevelCondition});
                {DeleteRecordSql};
                """, new { Id = RecordId }, tx);
            await tx.CommitAsync();
        }
        catch (PostgresException e) when (e.SqlState == "23503")
        {
            ModelState.AddModelError("", "Something was levelled here a moment ago, so nothing was deleted");
            return Page();
        }
        TempData["Success"] = $"Deleted {Name}. Its history is kept.";
        return Redirect(AfterDelete);
    }

    private async Task<bool> LoadAsync()
    {
        if (RecordId is null) return false;
        await using var conn = await db.OpenConnectionAsync();
        var name = await conn.ExecuteScalarAsync<string?>(NameSql, new { Id = RecordId });
        if (name is null) return false;
        Name = name;
        References = (await conn.QueryAsync<string>(LevelUse.ReferencesSql(LevelCondition), new { Id = RecordId, place = Place })).ToList();
        (Levels, Equivalences) = await conn.QuerySingleAsync<(int, int)>($"""
            select (select count(*)::int from level l where {LevelCondition}),
                   (select count(*)::int from level_equivalence e
                    where e.level_a_id in (select l.id from level l where {LevelCondition}) or e.level_b_id in (select l.id from level l where {LevelCondition}))
            """, new { Id = RecordId });
        await OnLoadedAsync(conn);
        return true;
    }
}

public class DeleteModel(NpgsqlDataSource db) : LevelsDeleteModel(db)
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    protected override int? RecordId => Id;
    protected override string LevelCondition => "l.framework_id = @Id";
    protected override string Place => "in it";
    protected override string NameSql => "select code::text || ' ' || name from level_framework where id = @Id";
    protected override string DeleteRecordSql => "delete from level where framework_id = @Id; delete from level_framework where id = @Id";
    protected override string AfterDelete => "/Frameworks";
}

public class DeleteLevelModel(NpgsqlDataSource db) : LevelsDeleteModel(db)
{
    [BindProperty(SupportsGet = true)] public int? LevelId { get; set; }
    public int FrameworkId { get; private set; }
    protected override int? RecordId => LevelId;
    protected override string LevelCondition => "l.id = @Id";
    protected override string Place => "at it";
    // "NQF level 3", or "NHS-CF level 5 (Practitioners)" when the name says more than the code (as LevelNames does).
    protected override string NameSql => """
        select f.code::text || ' level ' || l.code::text
               || case when lower(l.name) in (lower(l.code::text), 'level ' || lower(l.code::text)) or (l.code = 'Entry' and lower(l.name) = 'entry level')
                       then '' else ' (' || l.name || ')' end
        from level l join level_framework f on f.id = l.framework_id where l.id = @Id
        """;
    protected override string DeleteRecordSql => "delete from level where id = @Id";
    protected override string AfterDelete => $"/Frameworks/Details/{FrameworkId}#levels";

    // The framework is needed for the way back, before and after the level is gone.
    protected override async Task OnLoadedAsync(NpgsqlConnection conn) =>
        FrameworkId = await conn.ExecuteScalarAsync<int>("select framework_id from level where id = @LevelId", new { LevelId });
}
