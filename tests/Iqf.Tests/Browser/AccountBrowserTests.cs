using System.Text.RegularExpressions;
using Iqf.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iqf.Tests.Browser;

/// <summary>The keyboard, the account pages and the pages a person meets by mistake; every page checked with axe.</summary>
public class AccountBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_skip_link_is_the_first_tab_stop_and_jumps_to_the_main_content()
    {
        var page = await browser.SignedInPageAsync("planner");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("#main-content$"));
        await Expect(page.GetByRole(AriaRole.Main)).ToBeFocusedAsync();
        // The next Tab stops inside the main content, past the header's links: on the first table,
        // which scrolls sideways on a narrow screen, then on the first link in it.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Region, new() { Name = "Records held" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Qualifications" })).ToBeFocusedAsync();
    }

    [Fact]
    public async Task On_a_narrow_screen_the_menu_button_opens_the_navigation_and_nothing_scrolls_sideways()
    {
        var page = await browser.SignedInPageAsync("admin");
        await page.SetViewportSizeAsync(320, 640); // WCAG 1.4.10: content reflows at 320 CSS pixels
        await page.GotoAsync("/");
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
        var users = page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Users" });
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(users).ToBeHiddenAsync();
        (await HorizontalOverflowAsync(page)).ShouldBe(0, "the dashboard scrolls sideways at 320 px");
        await browser.CheckAccessibilityAsync(page, "home-narrow");
        await BrowserFixture.ScreenshotAsync(page, "home-narrow");

        await menu.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(users).ToBeVisibleAsync();
        await browser.CheckAccessibilityAsync(page, "home-narrow-menu-open");

        await page.GotoAsync("/Account/ChangePassword");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change your password", Level = 1 })).ToBeVisibleAsync();
        (await HorizontalOverflowAsync(page)).ShouldBe(0, "the change password page scrolls sideways at 320 px");
        await browser.CheckAccessibilityAsync(page, "change-password-narrow");
    }

    [Fact]
    public async Task The_change_password_page_is_accessible_and_explains_mistakes()
    {
        var page = await browser.SignedInPageAsync("editor");
        // The account's name in the header leads to the page, as a person would find it.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" })
            .GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^editor@test\.local\s*\(change your password\)$") }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change your password", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("New password", new() { Exact = true }))
            .ToHaveAccessibleDescriptionAsync("At least 12 characters. A few unrelated words make a strong password.");
        await browser.CheckAccessibilityAsync(page, "change-password");
        await BrowserFixture.ScreenshotAsync(page, "change-password");

        await page.GetByLabel("Current password", new() { Exact = true }).FillAsync(TestSite.Password);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a brand new long password");
        await page.GetByLabel("Confirm new password", new() { Exact = true }).FillAsync("a different long password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        await Expect(page.Locator(".govuk-error-summary").GetByRole(AriaRole.Link, new() { Name = "The new passwords do not match" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Confirm new password", new() { Exact = true })).ToHaveAccessibleDescriptionAsync("Error: The new passwords do not match");
        await browser.CheckAccessibilityAsync(page, "change-password-errors");
        await page.Locator(".govuk-error-summary").GetByRole(AriaRole.Link, new() { Name = "The new passwords do not match" }).ClickAsync();
        await Expect(page.GetByLabel("Confirm new password", new() { Exact = true })).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Changing_the_password_confirms_it_on_the_dashboard_and_the_new_one_works()
    {
        await browser.CreateUserAsync("changer@test.local", "viewer");
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/ChangePassword");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/SignIn\\?ReturnUrl=%2FAccount%2FChangePassword$"));
        await browser.CheckAccessibilityAsync(page, "sign-in-return-to-change-password");
        await BrowserFixture.SignInAsync(page, "changer@test.local", TestSite.Password);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change your password", Level = 1 })).ToBeVisibleAsync();
        await browser.CheckAccessibilityAsync(page, "change-password-after-sign-in");
        await page.GetByLabel("Current password", new() { Exact = true }).FillAsync(TestSite.Password);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a brand new long password");
        await page.GetByLabel("Confirm new password", new() { Exact = true }).FillAsync("a brand new long password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        await browser.ExpectDashboardAsync(page, "changer@test.local");
        var banner = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Your password has been changed" });
        await Expect(banner).ToBeVisibleAsync();
        // GOV.UK Frontend moves focus to a success banner so screen readers announce it.
        await Expect(banner).ToBeFocusedAsync();
        await browser.CheckAccessibilityAsync(page, "home-password-changed");
        await BrowserFixture.ScreenshotAsync(page, "home-password-changed");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await BrowserFixture.SignInAsync(page, "changer@test.local", "a brand new long password");
        await browser.ExpectDashboardAsync(page, "changer@test.local");
        await Expect(banner).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_viewer_who_opens_the_users_page_is_told_they_do_not_have_permission()
    {
        var page = await browser.SignedInPageAsync("viewer");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);

        var response = await page.GotoAsync("/Admin/Users");

        response!.Status.ShouldBe(403);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You do not have permission to see this page", Level = 1 })).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync("You do not have permission to see this page – IQF qualifications database");
        await browser.CheckAccessibilityAsync(page, "access-denied");
        await BrowserFixture.ScreenshotAsync(page, "access-denied");
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to the home page" }).ClickAsync();
        await browser.ExpectDashboardAsync(page, "viewer@test.local");
    }

    [Fact]
    public async Task An_unknown_address_shows_the_page_not_found_page()
    {
        var page = await browser.SignedInPageAsync("viewer");

        var response = await page.GotoAsync("/No/Such/Page");

        response!.Status.ShouldBe(404);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found", Level = 1 })).ToBeVisibleAsync();
        await browser.CheckAccessibilityAsync(page, "not-found");
        await BrowserFixture.ScreenshotAsync(page, "not-found");
    }

    [Fact]
    public async Task The_accessibility_check_fails_on_serious_violations_and_names_each_one()
    {
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("""
            <!DOCTYPE html><html lang="en"><head><title>Broken on purpose</title></head>
            <body><main><h1>Broken on purpose</h1><img src="/assets/images/favicon.ico" id="no-alt"><input type="text" id="no-label"></main></body></html>
            """);

        var failure = await Should.ThrowAsync<Xunit.Sdk.XunitException>(() => browser.CheckAccessibilityAsync(page, "self-test-broken-page"));

        failure.Message.ShouldContain("image-alt (critical): Images must have alternative text");
        failure.Message.ShouldContain("at #no-alt");
        failure.Message.ShouldContain("label (critical)");
        failure.Message.ShouldContain("at #no-label");
    }

    /// <summary>How many CSS pixels the page is wider than the window (0 when nothing scrolls sideways).</summary>
    private static Task<int> HorizontalOverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("""
            async () => {
              await document.fonts.ready;
              return Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth);
            }
            """);
}
