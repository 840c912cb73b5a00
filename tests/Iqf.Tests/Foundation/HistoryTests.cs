using System.Text.Json;
using Iqf.Data;
using Iqf.Domain.Entities;
using Iqf.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iqf.Tests.Foundation;

/// <summary>Every insert, update and delete lands in the history with its actor, whatever made it.</summary>
public class HistoryTests(EmptyDatabase db) : IClassFixture<EmptyDatabase>
{
    private async Task<List<HistoryEntry>> HistoryFor(string table, long id)
    {
        await using var ctx = Contexts.Create(db.ConnectionString);
        return await ctx.History.FromSqlInterpolated(
                $"select * from history where table_name = {table} and row_key = jsonb_build_object('id', {id})")
            .OrderBy(h => h.Id).ToListAsync();
    }

    [Fact]
    public async Task Changes_made_through_EF_are_recorded_with_the_actor_and_changed_fields()
    {
        long id;
        await using (var ctx = Contexts.Create(db.ConnectionString, "user:alice@example.org"))
        {
            var org = new Organisation { Name = "Council for Awards in Care, Health and Education", Type = "awarding-body" };
            ctx.Organisations.Add(org);
            await ctx.SaveChangesAsync();
            id = org.Id;
            org.Acronym = "CACHE";
            await ctx.SaveChangesAsync();
            ctx.Organisations.Remove(org);
            await ctx.SaveChangesAsync();
        }

        var history = await HistoryFor("organisation", id);
        history.Select(h => h.Operation).ShouldBe(["I", "U", "D"]);
        history.ShouldAllBe(h => h.Actor == "user:alice@example.org");
        history[1].ChangedFields.ShouldBe(["acronym"]);
        JsonDocument.Parse(history[1].Before!).RootElement.GetProperty("acronym").ValueKind.ShouldBe(JsonValueKind.Null);
        JsonDocument.Parse(history[1].After!).RootElement.GetProperty("acronym").GetString().ShouldBe("CACHE");
        JsonDocument.Parse(history[2].Before!).RootElement.GetProperty("name").GetString().ShouldBe("Council for Awards in Care, Health and Education");
        history[2].After.ShouldBeNull();
    }

    [Fact]
    public async Task Changes_made_with_plain_SQL_are_recorded_with_the_actor_set_on_the_transaction()
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Iqf.Data.Database.Actor.SetAsync(conn, tx, "import:bob", default);
            await using var cmd = new NpgsqlCommand("""
                insert into job_role (id, title) values (7001, 'Playworker');
                update job_role set career_level = 2 where id = 7001;
                delete from job_role where id = 7001;
                """, conn, tx);
            await cmd.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }

        var history = await HistoryFor("job_role", 7001);
        history.Select(h => (h.Operation, h.Actor)).ShouldBe([("I", "import:bob"), ("U", "import:bob"), ("D", "import:bob")]);
        history[1].ChangedFields.ShouldBe(["career_level"]);
    }

    [Fact]
    public async Task A_change_without_an_actor_is_recorded_as_unknown_not_blank()
    {
        await TestPostgres.ExecAsync(db.ConnectionString, "insert into job_role (id, title) values (7002, 'Childminder')");
        var history = await HistoryFor("job_role", 7002);
        history.Single().Actor.ShouldBe("unknown");
        history.Single().DbUser.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Bulk_statements_and_COPY_are_recorded_row_by_row()
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await Iqf.Data.Database.Actor.SetAsync(conn, tx, "copy:test", default);
        await using (var writer = await conn.BeginTextImportAsync("copy job_role (id, title) from stdin"))
        {
            await writer.WriteAsync("7101\tYouth worker\n7102\tLearning mentor\n7103\tFamily support worker\n");
        }
        await tx.CommitAsync();

        var rows = await TestPostgres.ScalarAsync<long>(db.ConnectionString,
            "select count(*) from history where table_name = 'job_role' and actor = 'copy:test' and operation = 'I' and (row_key->>'id')::int between 7101 and 7103");
        rows.ShouldBe(3);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_leaves_no_history()
    {
        await TestPostgres.ExecAsync(db.ConnectionString, "insert into job_role (id, title) values (7003, 'Health visitor')");
        await TestPostgres.ExecAsync(db.ConnectionString, "update job_role set title = title, description = description where id = 7003");
        (await HistoryFor("job_role", 7003)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Child_rows_with_composite_keys_are_keyed_by_every_key_column()
    {
        await TestPostgres.ExecAsync(db.ConnectionString, """
            insert into job_role (id, title) values (7004, 'Social worker');
            insert into job_role_alias (job_role_id, alias) values (7004, 'Children''s social worker');
            """);
        var key = await TestPostgres.ScalarAsync<string>(db.ConnectionString,
            "select row_key::text from history where table_name = 'job_role_alias' order by id desc limit 1");
        key.ShouldBe("""{"alias": "Children's social worker", "job_role_id": 7004}""");
    }

    [Fact]
    public async Task Password_hashes_never_reach_the_history()
    {
        await TestPostgres.ExecAsync(db.ConnectionString, """
            insert into users (id, user_name, password_hash, security_stamp) values ('u1', 'a@example.org', 'SECRET-HASH', 'STAMP');
            update users set password_hash = 'NEW-SECRET' where id = 'u1';
            """);
        var text = await TestPostgres.ScalarAsync<string>(db.ConnectionString,
            "select coalesce(string_agg(coalesce(before::text, '') || coalesce(after::text, ''), ' '), '') from history where table_name = 'users'");
        text.ShouldContain("a@example.org");
        text.ShouldNotContain("SECRET");
        text.ShouldNotContain("STAMP");
        (await TestPostgres.ScalarAsync<long>(db.ConnectionString, "select count(*) from history where table_name = 'users'"))
            .ShouldBe(1, "a password change alone is not a recorded change of the user record");
    }
}
