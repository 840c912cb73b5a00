using System.Net;
using System.Text.RegularExpressions;
using Iqf.Data;
using Iqf.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Iqf.Tests.Admin;

/// <summary>The Users pages under /Admin: listing, adding, changing, locking, and who may use them.</summary>
public partial class UsersTests(TestSite site) : IClassFixture<TestSite>
{
    private const string NewPassword = "another long password";

    private static string NewEmail() => $"user-{Guid.NewGuid():N}@example.org";

    private Task<string> IdOfAsync(string email) =>
        TestPostgres.ScalarAsync<string>(site.ConnectionString, $"select id from users where normalized_email = upper('{email}')");

    private Task<long> UserCountAsync() => TestPostgres.ScalarAsync<long>(site.ConnectionString, "select count(*) from users");

    private Task<string> RolesOfAsync(string id) => TestPostgres.ScalarAsync<string>(site.ConnectionString, $"""
        select coalesce(string_agg(r.name, ',' order by r.name), '') from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = '{id}'
        """);

    /// <summary>A user made directly through Identity, for a test to change.</summary>
    private async Task<string> MakeUserAsync(string role, string? email = null)
    {
        email ??= NewEmail();
        using var scope = site.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IqfUser>>();
        var user = new IqfUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        (await users.CreateAsync(user, TestSite.Password)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
        return user.Id;
    }

    private static async Task<bool> CanSignInAsync(SiteClient client, string email, string password)
    {
        var response = await client.PostFormAsync("/Account/SignIn", [new("Input.Email", email), new("Input.Password", password)]);
        return response.StatusCode == HttpStatusCode.Redirect;
    }

    private static KeyValuePair<string, string>[] CreateForm(string email, string role = "editor", string password = TestSite.Password,
        string displayName = "", bool generate = false) =>
    [
        new("Input.Email", email), new("Input.DisplayName", displayName), new("Input.Role", role),
        new("Input.Password", password), new("Input.GeneratePassword", generate ? "true" : "false"),
    ];

    [GeneratedRegex("name=\"Details.Stamp\" value=\"([^\"]*)\"")]
    private static partial Regex StampPattern();

    [GeneratedRegex("<code id=\"one-time-password\">([^<]+)</code>")]
    private static partial Regex OneTimePasswordPattern();

    private static string StampOf(string html) => WebUtility.HtmlDecode(StampPattern().Match(html).Groups[1].Value);

    [Fact]
    public async Task An_administrator_sees_every_user_with_their_role_and_a_link_to_change_them()
    {
        using var admin = await site.ClientAsync("admin");
        var html = await admin.GetStringAsync("/Admin/Users");
        html.ShouldContain("<h1 class=\"govuk-heading-l\">Users</h1>");
        html.ShouldContain("href=\"/Admin/Users/Create\"");
        html.ShouldContain("Add a user");
        foreach (var role in new[] { "admin", "editor", "planner", "viewer" })
        {
            html.ShouldContain($"{role}@test.local");
            html.ShouldContain($"href=\"/Admin/Users/Edit/{await IdOfAsync($"{role}@test.local")}\"");
        }
        html.ShouldContain("Administrator");
        html.ShouldContain("Planner");
    }

    [Theory]
    [InlineData("editor")]
    [InlineData("planner")]
    [InlineData("viewer")]
    public async Task Other_roles_are_refused_every_users_page_and_action(string role)
    {
        using var client = await site.ClientAsync(role);
        var targetId = await IdOfAsync("viewer@test.local");
        foreach (var path in new[] { "/Admin/Users", "/Admin/Users/Create", $"/Admin/Users/Edit/{targetId}" })
        {
            var response = await client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"GET {path} as {role}");
            response.Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
        }

        var before = await UserCountAsync();
        var token = SiteClient.Token(await client.GetStringAsync("/"));
        var posts = new (string Path, KeyValuePair<string, string>[] Fields)[]
        {
            ("/Admin/Users/Create", CreateForm(NewEmail(), role: "admin")),
            ($"/Admin/Users/Edit/{targetId}", [new("Details.Role", "admin")]),
            ($"/Admin/Users/Edit/{targetId}?handler=Lock", []),
            ($"/Admin/Users/Edit/{targetId}?handler=Password", [new("NewPassword.Password", NewPassword)]),
        };
        foreach (var (path, fields) in posts)
        {
            var response = await client.PostRawAsync(path, fields.Append(new("__RequestVerificationToken", token)));
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"POST {path} as {role}");
            response.Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
        }
        (await UserCountAsync()).ShouldBe(before);
        (await RolesOfAsync(targetId)).ShouldBe("viewer");
        (await TestPostgres.ScalarAsync<bool>(site.ConnectionString, $"select lockout_end is null from users where id = '{targetId}'")).ShouldBeTrue();
        using var viewer = new SiteClient(site.Url);
        (await CanSignInAsync(viewer, "viewer@test.local", TestSite.Password)).ShouldBeTrue("the password is unchanged");

        // The denial page itself is a 403.
        (await client.GetAsync("/Account/AccessDenied")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Someone_not_signed_in_is_sent_to_sign_in()
    {
        using var client = await site.ClientAsync(null);
        var response = await client.GetAsync("/Admin/Users");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/SignIn");
    }

    [Fact]
    public async Task An_administrator_adds_a_user_who_can_then_sign_in_and_the_history_names_them()
    {
        using var admin = await site.ClientAsync("admin");
        var email = NewEmail();
        var response = await admin.PostFormAsync("/Admin/Users/Create", CreateForm(email, "planner", displayName: "  Pat Planner  "));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await IdOfAsync(email);
        response.Headers.Location!.ToString().ShouldBe($"/Admin/Users/Edit/{id}");
        var page = await admin.GetStringAsync(response.Headers.Location!.ToString());
        page.ShouldContain($"{email} has been added as planner");
        page.ShouldNotContain("one-time-password");

        (await RolesOfAsync(id)).ShouldBe("planner");
        (await TestPostgres.ScalarAsync<string>(site.ConnectionString, $"select display_name from users where id = '{id}'")).ShouldBe("Pat Planner");
        (await TestPostgres.ScalarAsync<string>(site.ConnectionString, $"""
            select string_agg(table_name || ':' || actor, ',' order by table_name) from history
            where (table_name = 'users' and row_key ->> 'id' = '{id}') or (table_name = 'user_roles' and row_key ->> 'user_id' = '{id}')
            """)).ShouldBe("user_roles:user:admin@test.local,users:user:admin@test.local");

        (await admin.GetStringAsync("/Admin/Users")).ShouldContain("Pat Planner");
        using var newcomer = new SiteClient(site.Url);
        (await CanSignInAsync(newcomer, email, TestSite.Password)).ShouldBeTrue();
        (await newcomer.GetAsync("/Admin/Users")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "a planner is no administrator");
    }

    [Fact]
    public async Task A_generated_password_is_shown_once_on_the_next_page_and_works()
    {
        using var admin = await site.ClientAsync("admin");
        var email = NewEmail();
        var response = await admin.PostFormAsync("/Admin/Users/Create", CreateForm(email, "viewer", password: "", generate: true));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var next = response.Headers.Location!.ToString();

        var first = await admin.GetAsync(next);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Headers.CacheControl!.NoStore.ShouldBeTrue("no cache may keep the password");
        var html = await first.Content.ReadAsStringAsync();
        var password = WebUtility.HtmlDecode(OneTimePasswordPattern().Match(html).Groups[1].Value);
        password.Length.ShouldBeGreaterThanOrEqualTo(12);
        html.ShouldContain("not shown again");

        (await admin.GetStringAsync(next)).ShouldNotContain(password, customMessage: "shown once only");
        using var newcomer = new SiteClient(site.Url);
        (await CanSignInAsync(newcomer, email, password)).ShouldBeTrue();
    }

    [Fact]
    public async Task Bad_input_on_the_add_form_is_shown_in_the_error_summary_and_nothing_is_added()
    {
        using var admin = await site.ClientAsync("admin");
        var before = await UserCountAsync();
        var cases = new (KeyValuePair<string, string>[] Form, string[] Messages)[]
        {
            (CreateForm("", role: "", password: ""), ["Enter an email address", "Select a role", "Enter a password, or tick the box to have one generated"]),
            (CreateForm("not an email"), ["Enter an email address in the correct format, like name@example.com"]),
            (CreateForm(NewEmail(), role: "root"), ["Select a role"]),
            (CreateForm(NewEmail(), password: "too short"), ["Passwords must be at least 12 characters."]),
            (CreateForm("Viewer@Test.Local"), ["A user with the email address Viewer@Test.Local already exists"]),
            (CreateForm(NewEmail(), displayName: new string('x', 101)), ["Display name must be 100 characters or fewer"]),
            (CreateForm(new string('a', 250) + "@example.org"), ["Email address must be 256 characters or fewer"]),
        };
        foreach (var (form, messages) in cases)
        {
            var response = await admin.PostFormAsync("/Admin/Users/Create", form);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, string.Join(", ", messages));
            var html = await response.Content.ReadAsStringAsync();
            html.ShouldContain("govuk-error-summary");
            html.ShouldContain("<title>Error: ");
            foreach (var m in messages) html.ShouldContain(WebUtility.HtmlEncode(m));
        }
        // The field errors link to their fields.
        var empty = await (await admin.PostFormAsync("/Admin/Users/Create", CreateForm("", role: "", password: ""))).Content.ReadAsStringAsync();
        empty.ShouldContain("href=\"#Input_Email\"");
        empty.ShouldContain("href=\"#Input_Role\"");
        empty.ShouldContain("href=\"#Input_Password\"");
        empty.ShouldContain("govuk-form-group--error");
        (await UserCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused()
    {
        using var admin = await site.ClientAsync("admin");
        var before = await UserCountAsync();
        (await admin.PostRawAsync("/Admin/Users/Create", CreateForm(NewEmail()))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await UserCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_administrator_changes_a_users_display_name_and_role()
    {
        var id = await MakeUserAsync("viewer");
        using var admin = await site.ClientAsync("admin");
        var page = $"/Admin/Users/Edit/{id}";
        var html = await admin.GetStringAsync(page);
        html.ShouldContain("<option value=\"viewer\" selected>");

        var response = await admin.PostFormAsync(page,
            [new("Details.DisplayName", "Robin Editor"), new("Details.Role", "editor"), new("Details.Stamp", StampOf(html))]);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/Admin/Users");
        (await admin.GetStringAsync("/Admin/Users")).ShouldContain("Robin Editor");
        (await RolesOfAsync(id)).ShouldBe("editor");
        (await TestPostgres.ScalarAsync<string>(site.ConnectionString, $"""
            select string_agg(operation, '' order by operation) from history
            where table_name = 'user_roles' and row_key ->> 'user_id' = '{id}' and actor = 'user:admin@test.local'
            """)).ShouldBe("DI", "the role change is in the history");
    }

    [Fact]
    public async Task A_save_over_someone_elses_newer_change_is_refused_as_a_conflict()
    {
        var id = await MakeUserAsync("viewer");
        using var admin = await site.ClientAsync("admin");
        var page = $"/Admin/Users/Edit/{id}";
        var stale = StampOf(await admin.GetStringAsync(page));
        (await admin.PostFormAsync(page, [new("Details.DisplayName", "First"), new("Details.Role", "viewer"), new("Details.Stamp", stale)]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var response = await admin.PostFormAsync(page, [new("Details.DisplayName", "Second"), new("Details.Role", "planner"), new("Details.Stamp", stale)]);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Someone else changed this user after you opened this page");
        (await TestPostgres.ScalarAsync<string>(site.ConnectionString, $"select display_name from users where id = '{id}'")).ShouldBe("First");
        (await RolesOfAsync(id)).ShouldBe("viewer");

        // Saving again from the page shown (now on the current version) applies the change.
        (await admin.PostFormAsync(page, [new("Details.DisplayName", "Second"), new("Details.Role", "planner"), new("Details.Stamp", StampOf(html))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await RolesOfAsync(id)).ShouldBe("planner");
    }

    [Fact]
    public async Task Bad_input_on_the_change_form_is_shown_and_nothing_changes()
    {
        var id = await MakeUserAsync("viewer");
        using var admin = await site.ClientAsync("admin");
        var page = $"/Admin/Users/Edit/{id}";
        var stamp = StampOf(await admin.GetStringAsync(page));
        var response = await admin.PostFormAsync(page, [new("Details.DisplayName", new string('n', 101)), new("Details.Role", ""), new("Details.Stamp", stamp)]);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("govuk-error-summary");
        html.ShouldContain("Select a role");
        html.ShouldContain("Display name must be 100 characters or fewer");
        html.ShouldContain("href=\"#Details_Role\"");
        (await RolesOfAsync(id)).ShouldBe("viewer");
    }

    [Fact]
    public async Task An_administrator_locks_and_unlocks_an_account()
    {
        var email = NewEmail();
        var id = await MakeUserAsync("editor", email);
        using var admin = await site.ClientAsync("admin");
        var page = $"/Admin/Users/Edit/{id}";
        (await admin.GetStringAsync(page)).ShouldContain("Lock account");

        var locked = await admin.PostFormAsync($"{page}?handler=Lock", [], formPage: page);
        locked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        locked.Headers.Location!.ToString().ShouldBe(page);
        var html = await admin.GetStringAsync(page);
        html.ShouldContain("is locked out until you unlock the account");
        html.ShouldContain("Unlock account");
        (await admin.GetStringAsync("/Admin/Users")).ShouldContain("until an administrator unlocks it");
        (await TestPostgres.ScalarAsync<bool>(site.ConnectionString, $"select lockout_end = 'infinity' from users where id = '{id}'")).ShouldBeTrue();
        (await TestPostgres.ScalarAsync<long>(site.ConnectionString, $"""
            select count(*) from history where table_name = 'users' and row_key ->> 'id' = '{id}' and 'lockout_end' = any (changed_fields)
            and actor = 'user:admin@test.local'
            """)).ShouldBe(1, "the lock is in the history");

        using var them = new SiteClient(site.Url);
        var refused = await them.PostFormAsync("/Account/SignIn", [new("Input.Email", email), new("Input.Password", TestSite.Password)]);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("locked");

        var unlocked = await admin.PostFormAsync($"{page}?handler=Unlock", [], formPage: page);
        unlocked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetStringAsync(page)).ShouldContain("can sign in again");
        (await CanSignInAsync(them, email, TestSite.Password)).ShouldBeTrue();
    }

    [Fact]
    public async Task An_administrator_sets_a_new_password_typed_or_generated()
    {
        var email = NewEmail();
        var id = await MakeUserAsync("viewer", email);
        using var admin = await site.ClientAsync("admin");
        var page = $"/Admin/Users/Edit/{id}";

        var tooShort = await admin.PostFormAsync($"{page}?handler=Password", [new("NewPassword.Password", "short"), new("NewPassword.Generate", "false")], formPage: page);
        tooShort.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await tooShort.Content.ReadAsStringAsync();
        html.ShouldContain("Passwords must be at least 12 characters.");
        html.ShouldContain("href=\"#NewPassword_Password\"");
        var empty = await admin.PostFormAsync($"{page}?handler=Password", [new("NewPassword.Password", ""), new("NewPassword.Generate", "false")], formPage: page);
        (await empty.Content.ReadAsStringAsync()).ShouldContain("Enter a password, or tick the box to have one generated");
        using (var them = new SiteClient(site.Url))
            (await CanSignInAsync(them, email, TestSite.Password)).ShouldBeTrue("refused passwords change nothing");

        (await admin.PostFormAsync($"{page}?handler=Password", [new("NewPassword.Password", NewPassword), new("NewPassword.Generate", "false")], formPage: page))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using (var them = new SiteClient(site.Url))
        {
            (await CanSignInAsync(them, email, TestSite.Password)).ShouldBeFalse();
            (await CanSignInAsync(them, email, NewPassword)).ShouldBeTrue();
        }

        (await admin.PostFormAsync($"{page}?handler=Password", [new("NewPassword.Password", ""), new("NewPassword.Generate", "true")], formPage: page))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var shown = await admin.GetStringAsync(page);
        var generated = WebUtility.HtmlDecode(OneTimePasswordPattern().Match(shown).Groups[1].Value);
        generated.Length.ShouldBeGreaterThanOrEqualTo(12);
        (await admin.GetStringAsync(page)).ShouldNotContain(generated);
        using (var them = new SiteClient(site.Url))
            (await CanSignInAsync(them, email, generated)).ShouldBeTrue();
    }

    [Fact]
    public async Task An_administrator_cannot_remove_their_own_administrator_role()
    {
        using var admin = await site.ClientAsync("admin");
        var id = await IdOfAsync("admin@test.local");
        var page = $"/Admin/Users/Edit/{id}";
        var html = await admin.GetStringAsync(page);
        html.ShouldContain("You cannot remove your own administrator role");

        var response = await admin.PostFormAsync(page, [new("Details.DisplayName", ""), new("Details.Role", "editor"), new("Details.Stamp", StampOf(html))]);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.Content.ReadAsStringAsync();
        result.ShouldContain("govuk-error-summary");
        result.ShouldContain("You cannot remove your own administrator role; ask another administrator to do it");
        (await RolesOfAsync(id)).ShouldBe("admin");
        (await admin.GetAsync("/Admin/Users")).StatusCode.ShouldBe(HttpStatusCode.OK, "still an administrator");
    }

    [Fact]
    public async Task An_administrator_cannot_lock_their_own_account()
    {
        using var admin = await site.ClientAsync("admin");
        var id = await IdOfAsync("admin@test.local");
        var page = $"/Admin/Users/Edit/{id}";
        (await admin.GetStringAsync(page)).ShouldNotContain("Lock account</button>");

        var response = await admin.PostFormAsync($"{page}?handler=Lock", [], formPage: page);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("govuk-error-summary");
        html.ShouldContain("You cannot lock your own account");
        (await TestPostgres.ScalarAsync<bool>(site.ConnectionString, $"select lockout_end is null from users where id = '{id}'")).ShouldBeTrue();
        (await admin.GetAsync("/Admin/Users")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_user_is_a_404()
    {
        using var admin = await site.ClientAsync("admin");
        var missing = await admin.GetAsync("/Admin/Users/Edit/no-such-user");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("Page not found");

        foreach (var handler in new[] { "", "?handler=Lock", "?handler=Unlock", "?handler=Password" })
            (await admin.PostFormAsync($"/Admin/Users/Edit/no-such-user{handler}", [new("Details.Role", "viewer"), new("NewPassword.Password", NewPassword)],
                formPage: "/Admin/Users")).StatusCode.ShouldBe(HttpStatusCode.NotFound, handler);
    }
}
