using System.Text.RegularExpressions;
using Iqf.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iqf.Tests.Browser;

/// <summary>
/// A new in-putter's first qualification, in a real browser: add it, give it three modules and
/// their Common Core mappings, find it by search and filters, edit it, read its history. Every
/// page on the way is checked with axe.
/// </summary>
public class QualificationBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_in_putter_adds_a_qualification_with_modules_and_mappings_finds_it_edits_it_and_reads_its_history()
    {
        var page = await browser.SignedInPageAsync("editor");

        await page.GetByRole(AriaRole.Link, new() { Name = "Qualifications", Exact = true }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Qualifications", Level = 1 })).ToBeVisibleAsync();
        await browser.CheckAccessibilityAsync(page, "qualifications");
        await BrowserFixture.ScreenshotAsync(page, "qualifications");

        // Add the qualification.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a qualification" }).ClickAsync();
        await browser.CheckAccessibilityAsync(page, "qualification-add");
        await page.GetByLabel("Reference", new() { Exact = true }).FillAsync("WALK-1");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Level 3 Certificate in Walkthrough Practice");
        await page.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Certificate" });
        await page.GetByLabel("Level", new() { Exact = true }).FillAsync("3");
        await page.GetByLabel("Age focus (optional)").FillAsync("0-19");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue editing" }).ClickAsync();
        await Expect(page.GetByText("Added WALK-1 Level 3 Certificate in Walkthrough Practice")).ToBeVisibleAsync();
        await browser.CheckAccessibilityAsync(page, "qualification-edit");
        await BrowserFixture.ScreenshotAsync(page, "qualification-edit");

        // Three modules, two new and one shared with another qualification.
        // Back goes to the list the person came from; the new record is in it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "WALK-1" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Change the modules" }).ClickAsync();
        await browser.CheckAccessibilityAsync(page, "qualification-modules-empty");
        foreach (var (code, title) in new[] { ("WALK-U1", "Communicating with children and families"), ("WALK-U2", "Supporting transitions"), ("WALK-U3", "Safeguarding in practice") })
        {
            await page.GetByLabel("Module code").FillAsync(code);
            await page.GetByLabel("Title (only for a new module)").FillAsync(title);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add module" }).ClickAsync();
            await Expect(page.GetByText($"Created module {code} and added it")).ToBeVisibleAsync();
        }
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Modules of this qualification, in order" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(4);
        await browser.CheckAccessibilityAsync(page, "qualification-modules");
        await BrowserFixture.ScreenshotAsync(page, "qualification-modules");

        // Map them to the Common Core.
        await page.GetByRole(AriaRole.Link, new() { Name = "Map these modules to the Common Core" }).ClickAsync();
        await browser.CheckAccessibilityAsync(page, "qualification-mappings");
        await page.GetByLabel("Coverage of area 1 by WALK-U1").SelectOptionAsync(new SelectOptionValue { Label = "Full" });
        await page.GetByLabel("Evidence for area 1 in WALK-U1").FillAsync("Learning outcomes 1 to 3");
        await page.GetByLabel("Coverage of area 4 by WALK-U2").SelectOptionAsync(new SelectOptionValue { Label = "Full" });
        await page.GetByLabel("Coverage of area 3 by WALK-U3").SelectOptionAsync(new SelectOptionValue { Label = "Partial" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue editing" }).ClickAsync();
        await Expect(page.GetByText("Saved the Common Core mappings")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Coverage of area 4 by WALK-U2")).ToHaveValueAsync("full");
        await BrowserFixture.ScreenshotAsync(page, "qualification-mappings");

        // Find it again with a search and two filters.
        await page.GetByRole(AriaRole.Link, new() { Name = "Qualifications", Exact = true }).First.ClickAsync();
        await page.GetByLabel("Search").FillAsync("walkthrough");
        await page.GetByLabel("Type").SelectOptionAsync(new SelectOptionValue { Label = "Certificate" });
        await page.GetByLabel("Age focus").SelectOptionAsync(new SelectOptionValue { Label = "0-19" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("q=walkthrough"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "WALK-1" })).ToBeVisibleAsync();
        await browser.CheckAccessibilityAsync(page, "qualifications-filtered");
        await BrowserFixture.ScreenshotAsync(page, "qualifications-filtered");

        // Its page shows the modules and coverage; edit it and come back.
        await page.GetByRole(AriaRole.Link, new() { Name = "WALK-1" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Modules of this qualification" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(4);
        await browser.CheckAccessibilityAsync(page, "qualification-details");
        await BrowserFixture.ScreenshotAsync(page, "qualification-details");
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Level 3 Certificate in Walkthrough Practice (revised)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Saved WALK-1 Level 3 Certificate in Walkthrough Practice (revised)")).ToBeVisibleAsync();

        // The history says who changed what.
        await page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Changed by user:editor@test.local") }).First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Level 3 Certificate in Walkthrough Practice (revised)" }).First).ToBeVisibleAsync();
        await browser.CheckAccessibilityAsync(page, "qualification-history");
        await BrowserFixture.ScreenshotAsync(page, "qualification-history");
    }
}
