using System.Net;
using Iqf.Tests.Support;

namespace Iqf.Tests.Admin;

public class AccountTests(TestSite site) : IClassFixture<TestSite>
{
    [Fact]
    public async Task Signing_in_with_the_right_password_opens_the_dashboard()
    {
        using var client = await site.ClientAsync("viewer");
        var home = await client.GetStringAsync("/");
        home.ShouldContain("What the database holds");
        home.ShouldContain("viewer@test.local");
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_and_no_session()
    {
        using var client = await site.ClientAsync(null);
        var response = await client.PostFormAsync("/Account/SignIn", [new("Input.Email", "planner@test.local"), new("Input.Password", "not the password")]);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Enter a correct email address and password");
        html.ShouldContain("govuk-error-summary");
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account()
    {
        using var client = await site.ClientAsync(null);
        await TestPostgres.ExecAsync(site.ConnectionString, """
            insert into users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, lockout_enabled, security_stamp, password_hash)
            select 'lockme', 'lockme@test.local', 'LOCKME@TEST.LOCAL', 'lockme@test.local', 'LOCKME@TEST.LOCAL', true, true, security_stamp, password_hash
            from users where email = 'viewer@test.local';
            insert into user_roles select 'lockme', role_id from user_roles ur join users u on u.id = ur.user_id where u.email = 'viewer@test.local';
            """);
        for (var i = 0; i < 5; i++)
            await client.PostFormAsync("/Account/SignIn", [new("Input.Email", "lockme@test.local"), new("Input.Password", "wrong password " + i)]);

        var response = await client.PostFormAsync("/Account/SignIn", [new("Input.Email", "lockme@test.local"), new("Input.Password", TestSite.Password)]);
        (await response.Content.ReadAsStringAsync()).ShouldContain("locked");
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused()
    {
        using var client = await site.ClientAsync("admin");
        var response = await client.PostRawAsync("/Account/SignOut", []);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK, "still signed in");
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var client = await site.ClientAsync("editor");
        (await client.PostFormAsync("/Account/SignOut", [], formPage: "/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/")).Headers.Location!.ToString().ShouldContain("/Account/SignIn");
    }

    [Fact]
    public async Task The_return_address_after_sign_in_must_be_on_this_site()
    {
        using var client = new SiteClient(site.Url);
        var response = await client.PostFormAsync("/Account/SignIn?ReturnUrl=https%3A%2F%2Fevil.example%2F",
            [new("Input.Email", "viewer@test.local"), new("Input.Password", TestSite.Password), new("ReturnUrl", "https://evil.example/")]);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/");
    }

    [Fact]
    public async Task Pages_carry_the_security_headers_and_no_server_header()
    {
        using var client = await site.ClientAsync(null);
        var response = await client.GetAsync("/Account/SignIn");
        response.Headers.Contains("Server").ShouldBeFalse();
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldNotContain("unsafe-inline");
        var setCookie = string.Join("\n", response.Headers.GetValues("Set-Cookie"));
        setCookie.ShouldContain("httponly", Case.Insensitive);
        setCookie.ShouldContain("samesite", Case.Insensitive);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("<script>", Case.Insensitive);
    }

    [Fact]
    public async Task An_unknown_address_is_a_404_page_not_an_error()
    {
        using var client = await site.ClientAsync("viewer");
        var response = await client.GetAsync("/No/Such/Page");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Page not found");
    }

    [Fact]
    public async Task The_data_protection_keys_are_kept_in_the_database() =>
        (await TestPostgres.ScalarAsync<long>(site.ConnectionString, "select count(*) from data_protection_key")).ShouldBeGreaterThan(0);
}
