using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Iqf.Tests.Browser;

/// <summary>
/// An in-putter visits every kind of record the back-office keeps: its list, a record's page,
/// the add form and the add form's errors. axe checks each page, with JavaScript and without.
/// </summary>
public class RecordKindsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Each kind's list and add form (null where records are not added, e.g. the six fixed Common Core areas).</summary>
    public static TheoryData<string, string?> Kinds => new()
    {
        { "/Modules", "/Modules/Edit" },
        { "/Clusters", "/Clusters/Edit" },
        { "/Clusters/Schemes", "/Clusters/Schemes/Edit" },
        { "/Frameworks", "/Frameworks/Edit" },
        { "/CommonCore", null },
        { "/Routes", "/Routes/Edit" },
        { "/Standards", "/Standards/Edit" },
        { "/Standards/Suites", "/Standards/Suites/Edit" },
        { "/Offerings", "/Offerings/Edit" },
        { "/TakeUp", "/TakeUp/Edit" },
        { "/Links", "/Links/Edit" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Each_kind_has_an_accessible_list_record_page_and_add_form(string list, string? add)
    {
        foreach (var javaScript in new[] { true, false })
        {
            var page = await browser.SignedInPageAsync("editor", javaScript);
            var name = list.Trim('/').Replace('/', '-').ToLowerInvariant() + (javaScript ? "" : "-nojs");

            var response = await page.GotoAsync(list);
            response!.Status.ShouldBe(200);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await browser.CheckAccessibilityAsync(page, name + "-list");
            if (javaScript) await BrowserFixture.ScreenshotAsync(page, name + "-list");

            var details = page.Locator($"main a[href^='{list}/Details/']").First;
            if (await details.CountAsync() > 0)
            {
                await details.ClickAsync();
                await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{list}/Details/"));
                await browser.CheckAccessibilityAsync(page, name + "-details");
            }

            if (add is null) continue;
            (await page.GotoAsync(add))!.Status.ShouldBe(200);
            await browser.CheckAccessibilityAsync(page, name + "-add");
            // Saving the empty form shows the GOV.UK error summary and field errors, and writes nothing.
            await page.Locator("main form[method='post'] button[type='submit']").First.ClickAsync();
            await Expect(page.Locator(".govuk-error-summary")).ToBeVisibleAsync();
            await browser.CheckAccessibilityAsync(page, name + "-add-errors");
        }
    }

    [Fact]
    public async Task The_reference_data_index_links_to_every_smaller_kind()
    {
        var page = await browser.SignedInPageAsync("viewer");
        await page.GotoAsync("/Reference");
        foreach (var kind in new[] { "Level frameworks", "Common Core areas", "Clusters", "Clustering schemes", "Occupational standards", "Provider offerings", "Take-up" })
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = kind, Exact = true })).ToBeVisibleAsync();
        await browser.CheckAccessibilityAsync(page, "reference");
    }

    [Fact]
    public async Task An_editor_imports_a_file_after_reading_its_dry_run_and_a_bad_file_shows_its_problems()
    {
        var page = await browser.SignedInPageAsync("editor");
        await page.GotoAsync("/Import");
        await browser.CheckAccessibilityAsync(page, "import");

        await page.GetByLabel("What the file holds").SelectOptionAsync("organisations");
        await page.GetByLabel("CSV file (UTF-8)").SetInputFilesAsync(new FilePayload
        {
            Name = "bad.csv", MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("name,type,active_from\nBrowser Test Body,other,1 May 2001\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Expect(page.GetByText("problem in the file: nothing will be written")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "active_from" })).ToBeVisibleAsync();
        await browser.CheckAccessibilityAsync(page, "import-errors");

        await page.GotoAsync("/Import");
        await page.GetByLabel("What the file holds").SelectOptionAsync("organisations");
        await page.GetByLabel("CSV file (UTF-8)").SetInputFilesAsync(new FilePayload
        {
            Name = "good.csv", MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("name,type,acronym\nBrowser Test Body,other,BTB\nCACHE,awarding-body,CACHE\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Button, new() { Name = "Import 1 new and 0 updated records" });
        await Expect(confirm).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Browser Test Body", Exact = true }).First).ToBeVisibleAsync();
        await browser.CheckAccessibilityAsync(page, "import-dry-run");
        await BrowserFixture.ScreenshotAsync(page, "import-dry-run");
        await confirm.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Imported" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await browser.CheckAccessibilityAsync(page, "import-done");

        await page.GotoAsync("/Organisations?q=Browser+Test+Body");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Browser Test Body" })).ToBeVisibleAsync();
        await browser.CheckAccessibilityAsync(page, "organisations-imported");
    }
}
