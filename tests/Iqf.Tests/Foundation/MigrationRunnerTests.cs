using Iqf.Data.Database;
using Iqf.Tests.Support;

namespace Iqf.Tests.Foundation;

public class MigrationRunnerTests
{
    private static MigrationScript Script(string name, string sql) => new(name, sql);

    [Fact]
    public async Task Applies_files_in_name_order_whatever_order_they_are_given_in()
    {
        var cs = await TestPostgres.CreateBlankDatabaseAsync();
        // 0002 needs 0001's table, 0010 needs 0002's column: only name order works.
        var scripts = new[]
        {
            Script("0010_third.sql", "insert into t (a, b) values (1, 'x');"),
            Script("0001_first.sql", "create table t (a int);"),
            Script("0002_second.sql", "alter table t add column b text;"),
        };
        var applied = await new MigrationRunner(cs, scripts).ApplyAsync();

        applied.ShouldBe(["0001_first.sql", "0002_second.sql", "0010_third.sql"]);
        (await TestPostgres.ScalarAsync<long>(cs, "select count(*) from t")).ShouldBe(1);
        (await TestPostgres.ScalarAsync<string>(cs,
            "select string_agg(file_name, ',' order by applied_at, file_name) from schema_migrations"))
            .ShouldBe("0001_first.sql,0002_second.sql,0010_third.sql");
    }

    [Fact]
    public async Task Records_checksum_and_applies_nothing_the_second_time()
    {
        var cs = await TestPostgres.CreateBlankDatabaseAsync();
        var scripts = new[] { Script("0001_a.sql", "create table a (x int);") };
        await new MigrationRunner(cs, scripts).ApplyAsync();

        (await new MigrationRunner(cs, scripts).ApplyAsync()).ShouldBeEmpty();
        (await TestPostgres.ScalarAsync<string>(cs, "select checksum from schema_migrations")).ShouldBe(scripts[0].Checksum);
    }

    [Fact]
    public async Task Refuses_to_run_when_an_applied_file_has_changed()
    {
        var cs = await TestPostgres.CreateBlankDatabaseAsync();
        await new MigrationRunner(cs, [Script("0001_a.sql", "create table a (x int);")]).ApplyAsync();

        var edited = new[] { Script("0001_a.sql", "create table a (x bigint);"), Script("0002_b.sql", "create table b (y int);") };
        var error = await Should.ThrowAsync<MigrationException>(() => new MigrationRunner(cs, edited).ApplyAsync());

        error.Message.ShouldContain("0001_a.sql has changed since it was applied");
        (await TestPostgres.ScalarAsync<bool>(cs, "select to_regclass('b') is null")).ShouldBeTrue("nothing after the refusal runs");
    }

    [Fact]
    public async Task Line_ending_differences_are_not_edits()
    {
        Script("x.sql", "select 1;\nselect 2;\n").Checksum.ShouldBe(Script("x.sql", "select 1;\r\nselect 2;\r\n").Checksum);
    }

    [Fact]
    public async Task Refuses_a_database_that_has_a_migration_this_build_does_not_know()
    {
        var cs = await TestPostgres.CreateBlankDatabaseAsync();
        await new MigrationRunner(cs, [Script("0001_a.sql", "select 1;"), Script("0002_b.sql", "select 2;")]).ApplyAsync();

        var error = await Should.ThrowAsync<MigrationException>(() => new MigrationRunner(cs, [Script("0001_a.sql", "select 1;")]).ApplyAsync());
        error.Message.ShouldContain("0002_b.sql");
    }

    [Fact]
    public async Task A_failing_file_is_rolled_back_whole_and_not_journalled()
    {
        var cs = await TestPostgres.CreateBlankDatabaseAsync();
        var scripts = new[]
        {
            Script("0001_ok.sql", "create table ok (x int);"),
            Script("0002_bad.sql", "create table half (x int); select * from no_such_table;"),
        };
        var error = await Should.ThrowAsync<MigrationException>(() => new MigrationRunner(cs, scripts).ApplyAsync());

        error.Message.ShouldContain("0002_bad.sql failed");
        (await TestPostgres.ScalarAsync<bool>(cs, "select to_regclass('half') is null")).ShouldBeTrue();
        (await TestPostgres.ScalarAsync<long>(cs, "select count(*) from schema_migrations")).ShouldBe(1);
    }

    [Fact]
    public async Task Two_runners_at_once_one_waits_then_has_nothing_to_do()
    {
        var cs = await TestPostgres.CreateBlankDatabaseAsync();
        // The first file is slow, so the second runner certainly arrives while the first holds the lock.
        var scripts = new[]
        {
            Script("0001_slow.sql", "select pg_sleep(1.5); create table counter (n int); insert into counter values (1);"),
            Script("0002_more.sql", "update counter set n = n + 1;"),
        };
        var first = Task.Run(() => new MigrationRunner(cs, scripts).ApplyAsync());
        var second = Task.Run(async () => { await Task.Delay(300); return await new MigrationRunner(cs, scripts).ApplyAsync(); });
        var results = await Task.WhenAll(first, second);

        results.Count(r => r.Count == 2).ShouldBe(1, "exactly one runner applied the files");
        results.Count(r => r.Count == 0).ShouldBe(1, "the other found nothing to do");
        (await TestPostgres.ScalarAsync<int>(cs, "select n from counter")).ShouldBe(2, "each file ran once");
        (await TestPostgres.ScalarAsync<long>(cs, "select count(*) from schema_migrations")).ShouldBe(2);
    }

    [Fact]
    public async Task The_built_in_migrations_apply_to_an_empty_database_and_leave_nothing_pending()
    {
        var cs = await TestPostgres.CreateBlankDatabaseAsync();
        var applied = await new MigrationRunner(cs).ApplyAsync();

        applied.ShouldBe(MigrationScript.BuiltIn().Select(s => s.FileName).ToList());
        applied.Count.ShouldBeGreaterThanOrEqualTo(5);
        (await new MigrationRunner(cs).StatusAsync()).Pending.ShouldBeEmpty();
    }
}
