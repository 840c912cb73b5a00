using System.Net;
using Iqf.Tests.Support;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Iqf.Tests.Admin;

/// <summary>
/// Every page of the site, found from the app's own route table (so a new page cannot be
/// missed), requested with GET and POST by anonymous, viewer, planner, editor and admin users,
/// against the access rules written out here independently of the code that applies them.
/// </summary>
public class AuthorizationMatrixTests(TestSite site) : IClassFixture<TestSite>
{
    private static readonly string[] RolesInOrder = ["viewer", "planner", "editor", "admin"];

    /// <summary>Who may open a page, as the product's rules say; null means anyone, signed in or not.</summary>
    private static string[]? Allowed(string page)
    {
        if (page is "/Account/SignIn" or "/Account/AccessDenied" or "/Error" or "/NotFound") return null;
        var name = page[(page.LastIndexOf('/') + 1)..];
        if (page.StartsWith("/Admin/") || name.StartsWith("Delete")) return ["admin"];
        if (new[] { "Create", "Edit", "Archive", "Restore", "Bulk", "Review", "Import" }.Any(name.StartsWith) || page.StartsWith("/Import/")) return ["editor", "admin"];
        if (page.StartsWith("/Reports/") || name.StartsWith("Export")) return ["planner", "editor", "admin"];
        return ["viewer", "planner", "editor", "admin"];
    }

    /// <summary>
    /// The record each folder's {id} routes are tried with: one that other records refer to, so
    /// that an admitted POST to its Delete page is refused rather than deleting it. A folder not
    /// listed here is tried with a qualification's id.
    /// </summary>
    private static readonly Dictionary<string, string> RecordFor = new()
    {
        ["/Admin/Users/"] = "select id from users where email = 'viewer@test.local'",
        ["/Qualifications/"] = "select min(id)::text from qualification",
        ["/Roles/"] = "select id::text from job_role where title = 'Nursery nurse'",
        ["/Organisations/"] = "select id::text from organisation where name = 'CACHE'",
        ["/Import/"] = "insert into import_upload (kind, file_name, content, uploaded_by, state) values ('organisations', 'matrix.csv', ''::bytea, 'admin@test.local', 'failed') returning id::text",
        // The sample set has no standards or offerings: these make one (once; later calls find it)
        // that something refers to: a suite with a standard in it (listed before /Standards/, whose
        // prefix it shares), a standard a module maps to, an offering with an open review flag.
        ["/Standards/Suites/"] = """
            with suite as (insert into nos_suite (code, title) values ('MATRIX-SUITE', 'Matrix suite')
                           on conflict (code) do update set title = excluded.title returning id),
                 standard as (insert into occupational_standard (suite_id, code, title) select id, 'MATRIX-NOS', 'Matrix standard' from suite
                              on conflict (code) do update set title = excluded.title returning id)
            select (select id from suite)::text from standard
            """,
        ["/Standards/"] = """
            with suite as (insert into nos_suite (code, title) values ('MATRIX-SUITE', 'Matrix suite')
                           on conflict (code) do update set title = excluded.title returning id),
                 standard as (insert into occupational_standard (suite_id, code, title) select id, 'MATRIX-NOS', 'Matrix standard' from suite
                              on conflict (code) do update set title = excluded.title returning id),
                 mapped as (insert into module_standard (module_id, standard_id) select (select min(id) from module), id from standard on conflict do nothing)
            select id::text from standard
            """,
        ["/Offerings/"] = """
            with offering as (insert into provider_offering (qualification_id, provider_id, region, mode)
                              select (select min(id) from qualification), (select min(id) from organisation), 'national', 'distance'
                              on conflict (qualification_id, provider_id, region, mode) do update set region = excluded.region returning id),
                 flagged as (insert into review_flag (entity_kind, entity_id, reason, raised_by) select 'offering', id, 'matrix-check', 'test' from offering
                             on conflict do nothing)
            select id::text from offering
            """,
        // Before "/Clusters/": a folder is matched by the first key its pages' paths start with.
        ["/Clusters/Schemes/"] = "select id::text from clustering_scheme where code = 'CWS-2005'",
        ["/Clusters/"] = "select cluster_id::text from cluster_path where scheme_code = 'CWS-2005' and path = 'Social care'",
        ["/Routes/"] = "select min(id)::text from progression_route", // nothing refers to a route: the admitted Delete removes one, and the next test takes the next
        ["/Frameworks/"] = "select id::text from level_framework where code = 'NQF'",
        ["/CommonCore/"] = "select id::text from common_core_area where number = 1",
        ["/Links/"] = "select min(link_id)::text from link_owner",
        // Nothing references a take-up figure and the sample set has none: the matrix makes one (once, however often it asks).
        ["/TakeUp/"] = "insert into take_up (qualification_id, year, source, learners) select min(id), 2010, 'ilr', 1 from qualification on conflict (qualification_id, year, source) do update set learners = excluded.learners returning id::text",
        ["/Modules/"] = "select id::text from module where code = 'CCLD301'",
    };

    private async Task<List<(string Page, string Url)>> PagesAsync()
    {
        var ids = new Dictionary<string, string>();
        foreach (var (folder, sql) in RecordFor) ids[folder] = await TestPostgres.ScalarAsync<string>(site.ConnectionString, sql);
        var sources = site.App.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        return sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Page: e.Metadata.GetMetadata<PageActionDescriptor>()))
            .Where(x => x.Page is not null)
            .OrderBy(x => x.Endpoint.RoutePattern.RawText!.Length)
            .Select(x =>
            {
                var url = "/" + x.Endpoint.RoutePattern.RawText!.TrimEnd('/');
                var folder = ids.Keys.FirstOrDefault(f => x.Page!.ViewEnginePath.StartsWith(f)) ?? "/Qualifications/";
                url = System.Text.RegularExpressions.Regex.Replace(url, @"\{id(:[a-z]+)?\??\}", ids[folder]);
                return (x.Page!.ViewEnginePath, url);
            })
            .DistinctBy(x => x.Item1)
            .OrderBy(x => x.Item1)
            .ToList();
    }

    [Fact]
    public async Task The_route_table_lists_the_pages_this_test_must_cover()
    {
        var pages = (await PagesAsync()).Select(p => p.Page).ToList();
        pages.ShouldContain("/Qualifications/Index");
        pages.ShouldContain("/Qualifications/Edit");
        pages.ShouldContain("/Account/SignIn");
        pages.Count.ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task Every_page_admits_exactly_the_roles_it_should_for_GET_and_POST()
    {
        var problems = new List<string>();
        var clients = new Dictionary<string, SiteClient> { ["anonymous"] = await site.ClientAsync(null) };
        foreach (var role in RolesInOrder) clients[role] = await site.ClientAsync(role);
        try
        {
            foreach (var (page, url) in await PagesAsync())
            {
                var allowed = Allowed(page);
                foreach (var (who, client) in clients)
                {
                    var admitted = allowed is null || allowed.Contains(who);
                    foreach (var method in new[] { "GET", "POST" })
                    {
                        // Destructive POSTs go last in spirit: an admitted POST is only checked for
                        // not being refused, whatever it did.
                        var response = method == "GET"
                            ? await client.GetAsync(url)
                            : await client.PostRawAsync(url, [new("__RequestVerificationToken", await TokenFor(client))]);
                        var verdict = page == "/Account/AccessDenied" && response.StatusCode == HttpStatusCode.Forbidden ? "admitted" : Verdict(response);
                        // Signing out works, so sign back in for the rest of the pages.
                        if (page == "/Account/SignOut" && method == "POST" && who != "anonymous")
                            await client.SignInAsync($"{who}@test.local", TestSite.Password);
                        var expected = admitted ? "admitted" : who == "anonymous" ? "sign-in" : "forbidden";
                        if (verdict != expected) problems.Add($"{method} {url} as {who}: expected {expected}, got {verdict} ({(int)response.StatusCode})");
                    }
                }
            }
        }
        finally
        {
            foreach (var c in clients.Values) c.Dispose();
        }
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Every_POST_without_an_anti_forgery_token_is_refused()
    {
        using var admin = await site.ClientAsync("admin");
        var problems = new List<string>();
        foreach (var (page, url) in await PagesAsync())
        {
            if (page is "/Error" or "/NotFound") continue; // they only display a message and change nothing
            var response = await admin.PostRawAsync(url, [new("Ids", "1"), new("Version", "1")]);
            if (response.StatusCode != HttpStatusCode.BadRequest) problems.Add($"POST {url} without a token: {(int)response.StatusCode}");
        }
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Every_form_that_posts_carries_its_own_anti_forgery_token()
    {
        // A form with an explicit action gets no token unless asked for; a browser would then be refused.
        using var admin = await site.ClientAsync("admin");
        var problems = new List<string>();
        foreach (var (page, url) in await PagesAsync())
        {
            var response = await admin.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK) continue;
            var html = await response.Content.ReadAsStringAsync();
            foreach (System.Text.RegularExpressions.Match form in System.Text.RegularExpressions.Regex.Matches(html, "<form[^>]*method=\"post\"[^>]*>(.*?)</form>",
                         System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.IgnoreCase))
                if (!form.Groups[1].Value.Contains("__RequestVerificationToken"))
                    problems.Add($"{url}: {form.Value[..Math.Min(120, form.Value.Length)]}");
        }
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems));
    }

    private static async Task<string> TokenFor(SiteClient client)
    {
        // Any page with a form carries a token bound to this client's cookies and user.
        var home = await client.GetAsync("/");
        var html = await home.Content.ReadAsStringAsync();
        if (home.StatusCode == HttpStatusCode.OK && html.Contains("__RequestVerificationToken")) return SiteClient.Token(html);
        return await client.TokenAsync("/Account/SignIn");
    }

    private static string Verdict(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.ToString() ?? "";
        if (response.StatusCode == HttpStatusCode.Redirect && location.Contains("/Account/SignIn") && location.Contains("ReturnUrl")) return "sign-in";
        if (response.StatusCode == HttpStatusCode.Forbidden || (response.StatusCode == HttpStatusCode.Redirect && location.Contains("/Account/AccessDenied")))
            return "forbidden";
        return "admitted";
    }
}
