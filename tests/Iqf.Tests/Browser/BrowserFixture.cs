using System.Collections.Concurrent;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Iqf.Data;
using Iqf.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iqf.Tests.Browser;

/// <summary>
/// The real site (<see cref="TestSite"/>: its own seeded database, one user per role) and one
/// headless Chromium for a test class. Each test opens its own browser context (its own cookies)
/// through <see cref="NewPageAsync"/> or <see cref="SignedInPageAsync"/>.
/// <para>
/// Every page a test loads must be checked with <see cref="CheckAccessibilityAsync"/>: the fixture
/// records each path loaded in its pages and fails the class at clean-up when one was never checked.
/// </para>
/// <para>
/// Screenshots (<see cref="ScreenshotAsync"/>) and the axe report of every check go to
/// <c>artifacts/screenshots/</c> and <c>artifacts/accessibility/</c> at the repository root
/// (the folder holding Iqf.sln), which git ignores.
/// </para>
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium: no browser is ever downloaded (`playwright install` is never run).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The axe rule tags checked: WCAG 2.0, 2.1 and 2.2, levels A and AA.</summary>
    public static readonly List<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

    /// <summary>Impacts that fail a test; "moderate" and "minor" ones are only written to the report.</summary>
    public static readonly string[] FailingImpacts = ["serious", "critical"];

    public TestSite Site { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright _playwright = null!;
    private readonly ConcurrentBag<IBrowserContext> _contexts = [];
    private readonly ConcurrentDictionary<string, string> _visited = new(); // path -> first full URL
    private readonly ConcurrentDictionary<string, bool> _checked = new();
    private readonly ConcurrentDictionary<IPage, bool> _withoutJavaScript = new();

    static BrowserFixture()
    {
        // Assertions retry until this long; a loaded CI machine may need more than the default 5 s.
        // Passing tests never wait for it, so it costs nothing when all is well.
        SetDefaultExpectTimeout(15_000);
    }

    public async Task InitializeAsync()
    {
        var site = Site.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // --no-sandbox: the tests run as root in CI, where Chromium's sandbox cannot start.
            // The rest keep a machine without network quiet and fast.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        await site;
    }

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var context in _contexts) await context.CloseAsync();
            if (Browser is not null) await Browser.CloseAsync();
            _playwright?.Dispose();
        }
        finally
        {
            await Site.DisposeAsync();
        }
        var notChecked = _visited.Where(v => !_checked.ContainsKey(v.Key)).Select(v => v.Value).Order().ToList();
        if (notChecked.Count > 0) throw new PagesNotCheckedForAccessibilityException(notChecked);
    }

    public sealed class PagesNotCheckedForAccessibilityException(IEnumerable<string> urls) : Exception(
        "Every page a browser test visits must be checked with CheckAccessibilityAsync; these never were: " + string.Join(", ", urls));

    /// <summary>A new account (with <see cref="TestSite.Password"/>) for a test that changes it, so other tests keep theirs.</summary>
    public async Task CreateUserAsync(string email, string role)
    {
        using var scope = Site.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IqfUser>>();
        var user = new IqfUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        (await users.CreateAsync(user, TestSite.Password)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
    }

    /// <summary>A page in a new browser context (no cookies) whose relative addresses are on the test site.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Site.Url,
            JavaScriptEnabled = javaScript,
            Locale = "en-GB",
            ViewportSize = new() { Width = 1024, Height = 768 },
        });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        if (!javaScript) _withoutJavaScript[page] = true;
        page.Load += (_, p) =>
        {
            if (p.Url.StartsWith(Site.Url, StringComparison.Ordinal)) _visited.TryAdd(PathOf(p.Url), p.Url);
        };
        return page;
    }

    /// <summary>
    /// A new page signed in as ROLE@test.local the way a person does it: open the sign-in page,
    /// type the email address and password, press "Sign in", arrive at the dashboard. The sign-in
    /// page and the dashboard are checked with axe the first time this fixture sees them.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(string role, bool javaScript = true)
    {
        var page = await NewPageAsync(javaScript);
        await page.GotoAsync("/Account/SignIn");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        if (!_checked.ContainsKey("/Account/SignIn")) await CheckAccessibilityAsync(page, "sign-in-form");
        await SignInAsync(page, $"{role}@test.local", TestSite.Password);
        await ExpectDashboardAsync(page, $"{role}@test.local");
        if (!_checked.ContainsKey("/")) await CheckAccessibilityAsync(page, "dashboard");
        return page;
    }

    /// <summary>Fills in and sends the sign-in form already on <paramref name="page"/>.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GetByLabel("Email address", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    /// <summary>Waits until <paramref name="page"/> shows the dashboard for a signed-in <paramref name="email"/>.</summary>
    public async Task ExpectDashboardAsync(IPage page, string email)
    {
        await Expect(page).ToHaveURLAsync(Site.Url + "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What the database holds" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = email })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Runs axe (WCAG 2.0, 2.1 and 2.2, A and AA) on the page as it is now, writes every violation
    /// to artifacts/accessibility/NAME.txt, and fails listing each serious or critical one: rule,
    /// help text, and the selectors of the elements at fault.
    /// </summary>
    public async Task<AxeResult> CheckAccessibilityAsync(IPage page, string name)
    {
        // The caller has already waited for something on the new page; this makes sure its
        // scripts (which may change the markup) have run before axe looks.
        await page.WaitForLoadStateAsync(LoadState.Load);
        var path = PathOf(page.Url);
        var result = _withoutJavaScript.ContainsKey(page) ? await AxeWithoutJavaScriptAsync(page) : await RunAxeAsync(page);
        _checked[path] = true;

        var report = Describe(result.Violations);
        var file = Path.Combine(ArtifactsFolder("accessibility"), name + ".txt");
        var temporary = file + "." + Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(temporary,
            $"{page.Url}\naxe {result.TestEngine?.Version}, tags {string.Join(" ", WcagTags)}: {result.Passes.Length} rules passed, "
            + $"{result.Violations.Length} violated, {result.Incomplete.Length} to review by hand ({string.Join(", ", result.Incomplete.Select(i => i.Id))})\n\n"
            + (report.Length == 0 ? "No violations.\n" : report));
        File.Move(temporary, file, overwrite: true); // whole, even if two classes check the same page at once
        var failing = result.Violations.Where(v => FailingImpacts.Contains(v.Impact)).ToList();
        if (failing.Count > 0)
            throw new Xunit.Sdk.XunitException($"Accessibility check '{name}' ({page.Url}) found {failing.Count} serious or critical violation(s):\n{Describe(failing)}");
        return result;
    }

    private static Task<AxeResult> RunAxeAsync(IPage page) =>
        page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags } });

    /// <summary>
    /// axe is a script, and a context with JavaScript off cannot run it. So the exact markup the
    /// page received is shown again, at the same address, in a page with JavaScript on but every
    /// script of the site blocked, and axe checks that.
    /// </summary>
    private async Task<AxeResult> AxeWithoutJavaScriptAsync(IPage page)
    {
        var html = await page.ContentAsync();
        var url = page.Url.Split('#')[0];
        var viewport = page.ViewportSize!;
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Site.Url,
            Locale = "en-GB",
            ViewportSize = new() { Width = viewport.Width, Height = viewport.Height },
        });
        try
        {
            var copy = await context.NewPageAsync();
            await copy.RouteAsync(u => u.EndsWith(".js", StringComparison.Ordinal) || u.Contains(".js?", StringComparison.Ordinal), r => r.AbortAsync());
            await copy.RouteAsync(u => u == url, r => r.FulfillAsync(new() { Status = 200, ContentType = "text/html; charset=utf-8", Body = html }));
            await copy.GotoAsync(url);
            return await RunAxeAsync(copy);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static string Describe(IEnumerable<AxeResultItem> violations)
    {
        var text = new StringBuilder();
        foreach (var v in violations)
        {
            text.AppendLine($"- {v.Id} ({v.Impact}): {v.Help} [{string.Join(", ", v.Tags ?? [])}] {v.HelpUrl}");
            foreach (var node in v.Nodes ?? [])
                text.AppendLine($"    at {node.Target}: {node.Html}");
        }
        return text.ToString();
    }

    /// <summary>Saves a full-page PNG of <paramref name="page"/> as artifacts/screenshots/NAME.png and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        var file = Path.Combine(ArtifactsFolder("screenshots"), name + ".png");
        await page.ScreenshotAsync(new() { Path = file, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        return file;
    }

    /// <summary>artifacts/KIND at the repository root (the folder holding Iqf.sln), created when missing.</summary>
    public static string ArtifactsFolder(string kind)
    {
        var folder = Path.Combine(Artifacts.Value, kind);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// The repository's artifacts/ folder, emptied of the last run's screenshots and reports the
    /// first time a test of this run needs it, so what is there always comes from one run.
    /// </summary>
    private static readonly Lazy<string> Artifacts = new(() =>
    {
        var artifacts = Path.Combine(RepositoryRoot(), "artifacts");
        foreach (var kind in new[] { "screenshots", "accessibility" })
        {
            var folder = Path.Combine(artifacts, kind);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        return artifacts;
    });

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Iqf.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Iqf.sln above {AppContext.BaseDirectory}: cannot tell where artifacts/ goes");
    }

    private static string PathOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.AbsolutePath : url;
}
