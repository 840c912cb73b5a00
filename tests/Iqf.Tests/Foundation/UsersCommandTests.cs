using System.Net;
using Iqf.Tests.Support;

namespace Iqf.Tests.Foundation;

/// <summary>`iqf users add` run as a user runs it, against the same database as a running site.</summary>
public class UsersCommandTests(TestSite site) : IClassFixture<TestSite>
{
    private const string GoodPassword = "a long command-line password";
    private Dictionary<string, string?> Env => new() { ["IQF_DB"] = site.ConnectionString };

    private static string NewEmail() => $"cli-{Guid.NewGuid():N}@example.org";

    private Task<long> CountAsync(string table) => TestPostgres.ScalarAsync<long>(site.ConnectionString, $"select count(*) from {table}");

    private Task<IqfProcess.Result> AddAsync(string? stdin, params string[] args) =>
        IqfProcess.RunAsync(Env, ["users", "add", .. args], stdin);

    [Fact]
    public async Task Adds_a_user_who_can_then_sign_in_to_the_site()
    {
        var email = NewEmail();
        var result = await AddAsync(GoodPassword + "\n", email, "--role", "editor");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.Trim().ShouldBe($"Added {email} with the role editor.");
        result.Error.ShouldBeEmpty();

        (await TestPostgres.ScalarAsync<string>(site.ConnectionString, $"""
            select string_agg(r.name, ',') from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
            where u.email = '{email}'
            """)).ShouldBe("editor");
        (await TestPostgres.ScalarAsync<string>(site.ConnectionString,
            $"select actor from history where table_name = 'users' and operation = 'I' and after ->> 'email' = '{email}'"))
            .ShouldStartWith("cli:", customMessage: "the history names the command line as the actor");

        using var client = new SiteClient(site.Url);
        await client.SignInAsync(email, GoodPassword);
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/Admin/Users")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "an editor is not an administrator");
    }

    [Theory]
    [InlineData("a password with spaces  \n", "a password with spaces  ")]
    [InlineData("windows line ending pw\r\n", "windows line ending pw")]
    [InlineData("no newline at the end", "no newline at the end")]
    [InlineData("first line is the password\nsecond line is ignored\n", "first line is the password")]
    public async Task The_password_is_the_first_line_of_standard_input_without_its_line_ending(string stdin, string password)
    {
        var email = NewEmail();
        var result = await AddAsync(stdin, email, "--role=viewer");
        result.ExitCode.ShouldBe(0, result.Error);

        using var client = new SiteClient(site.Url);
        await client.SignInAsync(email, password);
    }

    [Theory]
    [InlineData("users")]
    [InlineData("users", "remove", "someone@example.org")]
    [InlineData("users", "add")]
    [InlineData("users", "add", "someone@example.org")]
    [InlineData("users", "add", "someone@example.org", "--role")]
    [InlineData("users", "add", "someone@example.org", "--role", "superuser")]
    [InlineData("users", "add", "someone@example.org", "--role", "Admin")]
    [InlineData("users", "add", "--role", "admin")]
    [InlineData("users", "add", "someone@example.org", "other@example.org", "--role", "admin")]
    [InlineData("users", "add", "someone@example.org", "--role", "admin", "--role", "viewer")]
    [InlineData("users", "add", "someone@example.org", "--role", "admin", "--force")]
    public async Task A_wrong_command_line_exits_2_with_the_usage_and_adds_nobody(params string[] args)
    {
        var before = await CountAsync("users");
        var result = await IqfProcess.RunAsync(Env, args, GoodPassword + "\n");

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldStartWith("iqf: ");
        result.Error.ShouldContain("usage: iqf COMMAND");
        result.Error.ShouldContain("users add EMAIL --role admin|editor|planner|viewer");
        result.Output.ShouldBeEmpty();
        (await CountAsync("users")).ShouldBe(before);
    }

    [Theory]
    [InlineData("not-an-email", GoodPassword + "\n", "name@example.com")]
    [InlineData("two@at@example.org", GoodPassword + "\n", "name@example.com")]
    [InlineData("space in@example.org", GoodPassword + "\n", "name@example.com")]
    [InlineData("nodot@localhost", GoodPassword + "\n", "name@example.com")]
    [InlineData("NEW", "short\n", "the password was refused: Passwords must be at least 12 characters")]
    [InlineData("NEW", "", "no password on standard input")]
    [InlineData("NEW", "\n", "no password on standard input")]
    [InlineData("viewer@test.local", GoodPassword + "\n", "already exists")]
    [InlineData("VIEWER@test.local", GoodPassword + "\n", "already exists")]
    public async Task Invalid_input_exits_1_with_one_line_and_writes_nothing(string email, string stdin, string message)
    {
        if (email == "NEW") email = NewEmail();
        var users = await CountAsync("users");
        var userRoles = await CountAsync("user_roles");
        var history = await CountAsync("history");

        var result = await AddAsync(stdin, email, "--role", "planner");

        result.ExitCode.ShouldBe(1, result.Error);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, result.Error);
        lines[0].ShouldStartWith("iqf: ");
        lines[0].ShouldContain(message);
        result.Output.ShouldBeEmpty();
        (await CountAsync("users")).ShouldBe(users);
        (await CountAsync("user_roles")).ShouldBe(userRoles);
        (await CountAsync("history")).ShouldBe(history);
    }

    [Fact]
    public async Task An_overlong_email_is_refused_rather_than_failing_in_the_database()
    {
        var email = new string('a', 64) + "@" + string.Join(".", Enumerable.Repeat(new string('b', 60), 4)) + ".org";
        email.Length.ShouldBeGreaterThan(256);
        var result = await AddAsync(GoodPassword + "\n", email, "--role", "viewer");
        result.ExitCode.ShouldBe(1, result.Error);
        result.Error.ShouldContain("256 characters or fewer");
    }
}

/// <summary>`iqf users add` on a database nobody has served yet: it creates the four roles itself.</summary>
public class UsersCommandOnANewDatabaseTests(EmptyDatabase db) : IClassFixture<EmptyDatabase>
{
    [Fact]
    public async Task Creates_the_roles_with_the_first_user_and_nothing_when_the_input_is_invalid()
    {
        var env = new Dictionary<string, string?> { ["IQF_DB"] = db.ConnectionString };
        async Task<long> Count(string table) => await TestPostgres.ScalarAsync<long>(db.ConnectionString, $"select count(*) from {table}");
        (await Count("roles")).ShouldBe(0);

        var refused = await IqfProcess.RunAsync(env, ["users", "add", "first@example.org", "--role", "admin"], "too short\n");
        refused.ExitCode.ShouldBe(1, refused.Error);
        (await Count("roles")).ShouldBe(0, "a refused user leaves no roles behind either");
        (await Count("users")).ShouldBe(0);

        var added = await IqfProcess.RunAsync(env, ["users", "add", "first@example.org", "--role", "admin"], "a long enough password\n");
        added.ExitCode.ShouldBe(0, added.Error);
        (await TestPostgres.ScalarAsync<string>(db.ConnectionString, "select string_agg(name, ',' order by name) from roles"))
            .ShouldBe("admin,editor,planner,viewer");
        (await Count("users")).ShouldBe(1);
        (await Count("user_roles")).ShouldBe(1);
    }

    [Fact]
    public async Task An_unmigrated_database_exits_3_with_one_line()
    {
        var blank = await TestPostgres.CreateBlankDatabaseAsync();
        var result = await IqfProcess.RunAsync(new Dictionary<string, string?> { ["IQF_DB"] = blank },
            ["users", "add", "someone@example.org", "--role", "viewer"], "a long enough password\n");
        result.ExitCode.ShouldBe(3, result.Error);
        result.Error.Trim().ShouldBe($"iqf: the database is not migrated ({Iqf.Data.Database.MigrationScript.BuiltIn().Count} pending); run `iqf migrate` first");
    }
}
