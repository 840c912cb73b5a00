using System.Text.RegularExpressions;
using Iqf.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iqf.Tests.Browser;

/// <summary>Signing in, in a real browser, as a person would; every page checked with axe.</summary>
public class SignInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_sign_in_page_is_accessible()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");

        await Expect(page).ToHaveURLAsync(new Regex("/Account/SignIn"));
        await Expect(page).ToHaveTitleAsync("Sign in – IQF qualifications database");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Email address", new() { Exact = true })).ToHaveAttributeAsync("autocomplete", "username");
        await Expect(page.GetByLabel("Password", new() { Exact = true })).ToHaveAttributeAsync("type", "password");
        await browser.CheckAccessibilityAsync(page, "sign-in");
        await BrowserFixture.ScreenshotAsync(page, "sign-in");
    }

    [Fact]
    public async Task Signing_in_shows_the_dashboard()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/SignIn");
        await BrowserFixture.SignInAsync(page, "editor@test.local", TestSite.Password);

        await browser.ExpectDashboardAsync(page, "editor@test.local");
        await Expect(page).ToHaveTitleAsync("Home – IQF qualifications database");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "IQF qualifications database", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Records held" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await browser.CheckAccessibilityAsync(page, "home");
        await BrowserFixture.ScreenshotAsync(page, "home");
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_summary_and_the_field_error()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/SignIn");
        await BrowserFixture.SignInAsync(page, "planner@test.local", "not the password");

        const string message = "Enter a correct email address and password";
        var summary = page.Locator(".govuk-error-summary");
        await Expect(summary.GetByRole(AriaRole.Heading, new() { Name = "There is a problem" })).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync("Error: Sign in – IQF qualifications database");
        // GOV.UK Frontend moves focus to the summary so screen readers announce it.
        await Expect(summary).ToBeFocusedAsync();
        var email = page.GetByLabel("Email address", new() { Exact = true });
        await Expect(email).ToHaveValueAsync("planner@test.local");
        await Expect(email).ToHaveAccessibleDescriptionAsync("Error: " + message);
        await Expect(page.Locator("#Input_Email-error")).ToHaveTextAsync("Error: " + message);
        await Expect(page.GetByLabel("Password", new() { Exact = true })).ToHaveValueAsync("");
        await browser.CheckAccessibilityAsync(page, "sign-in-wrong-password");
        await BrowserFixture.ScreenshotAsync(page, "sign-in-wrong-password");

        await summary.GetByRole(AriaRole.Link, new() { Name = message }).ClickAsync();
        await Expect(email).ToBeFocusedAsync();
    }

    [Fact]
    public async Task An_empty_form_lists_both_missing_fields_and_each_link_reaches_its_field()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/SignIn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        var summary = page.Locator(".govuk-error-summary");
        await Expect(summary.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Enter your email address", "Enter your password"]);
        await Expect(page.GetByLabel("Password", new() { Exact = true })).ToHaveAccessibleDescriptionAsync("Error: Enter your password");
        await browser.CheckAccessibilityAsync(page, "sign-in-empty");

        await summary.GetByRole(AriaRole.Link, new() { Name = "Enter your password" }).ClickAsync();
        await Expect(page.GetByLabel("Password", new() { Exact = true })).ToBeFocusedAsync();
        await summary.GetByRole(AriaRole.Link, new() { Name = "Enter your email address" }).ClickAsync();
        await Expect(page.GetByLabel("Email address", new() { Exact = true })).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Without_JavaScript_a_person_can_still_sign_in_and_out()
    {
        var page = await browser.NewPageAsync(javaScript: false);
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        // Proof that no script ran: GOV.UK Frontend's start-up script would have marked the body.
        await Expect(page.Locator("body")).Not.ToHaveClassAsync(new Regex("js-enabled"));
        await browser.CheckAccessibilityAsync(page, "sign-in-no-javascript");

        await BrowserFixture.SignInAsync(page, "viewer@test.local", TestSite.Password);
        await browser.ExpectDashboardAsync(page, "viewer@test.local");
        await Expect(page.Locator("body")).Not.ToHaveClassAsync(new Regex("js-enabled"));
        await browser.CheckAccessibilityAsync(page, "home-no-javascript");
        await BrowserFixture.ScreenshotAsync(page, "home-no-javascript");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Account/SignIn$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/SignIn\\?ReturnUrl=%2F$"));
    }
}
