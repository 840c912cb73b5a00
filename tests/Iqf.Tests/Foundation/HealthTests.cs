using System.Net;
using System.Text.Json;
using Iqf.Admin.Web;
using Iqf.Data.Database;
using Iqf.Tests.Support;

namespace Iqf.Tests.Foundation;

public class HealthTests(SeededDatabase db) : IClassFixture<SeededDatabase>
{
    [Fact]
    public async Task Health_reports_the_database_up_all_migrations_applied_and_the_seeded_counts()
    {
        var url = $"http://127.0.0.1:{EmbeddedPostgres.FreePort()}";
        await using var app = WebHost.Build(db.ConnectionString, url);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        var response = await http.GetAsync("/health");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("Server").ShouldBeFalse();
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        json.GetProperty("status").GetString().ShouldBe("ok");
        json.GetProperty("database").GetBoolean().ShouldBeTrue();
        json.GetProperty("migrations").GetProperty("applied").GetInt32().ShouldBe(MigrationScript.BuiltIn().Count);
        json.GetProperty("migrations").GetProperty("pending").GetInt32().ShouldBe(0);
        json.GetProperty("counts").GetProperty("level_framework").GetInt64().ShouldBe(7);
        json.GetProperty("counts").GetProperty("job_role").GetInt64().ShouldBeGreaterThan(50);

        // Health is open to monitoring; everything else asks for sign-in first.
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };
        var home = await noRedirect.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.ToString().ShouldContain("/Account/SignIn");
        await app.StopAsync();
    }

    [Fact]
    public async Task Health_says_degraded_when_migrations_are_pending()
    {
        var blank = await TestPostgres.CreateBlankDatabaseAsync();
        var url = $"http://127.0.0.1:{EmbeddedPostgres.FreePort()}";
        await using var app = WebHost.Build(blank, url);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        var response = await http.GetAsync("/health");
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        json.GetProperty("status").GetString().ShouldBe("degraded");
        json.GetProperty("migrations").GetProperty("pending").GetInt32().ShouldBe(MigrationScript.BuiltIn().Count);
        await app.StopAsync();
    }

    [Fact]
    public async Task Health_says_down_when_the_database_cannot_be_reached()
    {
        var url = $"http://127.0.0.1:{EmbeddedPostgres.FreePort()}";
        await using var app = WebHost.Build($"Host=127.0.0.1;Port={EmbeddedPostgres.FreePort()};Username=x;Password=y;Timeout=3", url);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        var response = await http.GetAsync("/health");
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString().ShouldBe("down");
        await app.StopAsync();
    }
}
