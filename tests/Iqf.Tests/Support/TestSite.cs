using System.Net;
using System.Text.RegularExpressions;
using Iqf.Admin.Security;
using Iqf.Admin.Web;
using Iqf.Data;
using Iqf.Data.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Iqf.Tests.Support;

/// <summary>
/// The real site on a free 127.0.0.1 port over its own seeded database (sample set included),
/// with one user per role (email ROLE@test.local, password <see cref="Password"/>). Use as a
/// class fixture; <see cref="ClientAsync"/> gives an HttpClient signed in as a role.
/// </summary>
public class TestSite : IAsyncLifetime
{
    public const string Password = "a long test password";
    public string ConnectionString { get; private set; } = "";
    public string Url { get; private set; } = "";
    public WebApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync(seeded: true);
        await new Iqf.Data.Seeding.Seeder(ConnectionString, "test-fixture").RunAsync(sample: true);
        Url = $"http://127.0.0.1:{EmbeddedPostgres.FreePort()}";
        App = WebHost.Build(ConnectionString, Url);
        await App.StartAsync();
        await FirstAdministrator.EnsureAsync(App.Services, TextWriter.Null);
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IqfUser>>();
        foreach (var role in Roles.All)
        {
            var email = $"{role}@test.local";
            if (await users.FindByEmailAsync(email) is not null) continue;
            var user = new IqfUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
            (await users.CreateAsync(user, Password)).Succeeded.ShouldBeTrue();
            (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
        }
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>A client that keeps cookies and does not follow redirects; signed in as <paramref name="role"/> unless null.</summary>
    public async Task<SiteClient> ClientAsync(string? role)
    {
        var client = new SiteClient(Url);
        if (role is not null) await client.SignInAsync($"{role}@test.local", Password);
        return client;
    }
}

public sealed partial class SiteClient : IDisposable
{
    private readonly HttpClient _http;
    public CookieContainer Cookies { get; } = new();

    public SiteClient(string url)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public async Task<string> GetStringAsync(string path)
    {
        var response = await _http.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {path}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The anti-forgery token of the first form on a page.</summary>
    public async Task<string> TokenAsync(string path) => Token(await GetStringAsync(path));

    public static string Token(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("no anti-forgery token on the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>Posts a form the way a browser would, with the token taken from <paramref name="formPage"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? formPage = null)
    {
        var token = await TokenAsync(formPage ?? path);
        return await PostRawAsync(path, fields.Append(new("__RequestVerificationToken", token)));
    }

    public Task<HttpResponseMessage> PostRawAsync(string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        _http.PostAsync(path, new FormUrlEncodedContent(fields));

    public async Task SignInAsync(string email, string password)
    {
        var response = await PostFormAsync("/Account/SignIn", [new("Input.Email", email), new("Input.Password", password)]);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"signing in as {email}");
    }

    public void Dispose() => _http.Dispose();
}
