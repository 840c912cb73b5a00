using System.Net;
using System.Text.RegularExpressions;
using Iqf.Tests.Support;

namespace Iqf.Tests.Admin;

/// <summary>The qualification pages as in-putters use them, over HTTP against the real site and database.</summary>
public partial class QualificationPagesTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);
    private Task<long> Id(string reference) => TestPostgres.ScalarAsync<long>(site.ConnectionString, $"select id from qualification where reference = '{reference}'");

    private static List<KeyValuePair<string, string>> Form(string reference, string title, params (string Key, string Value)[] extra)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Reference"] = reference, ["Input.Title"] = title, ["Input.Type"] = "certificate", ["Input.Framework"] = "RQF",
            ["Input.Level"] = "2", ["Input.Status"] = "available", ["Input.CommonCoreStatus"] = "not-started", ["Input.LoadedAt"] = "0",
        };
        foreach (var (k, v) in extra) fields[k] = v;
        return fields.ToList();
    }

    /// <summary>Posts the edit form with the version and load time the page handed out.</summary>
    private static async Task<HttpResponseMessage> SaveAsync(SiteClient client, string path, List<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetStringAsync(path);
        fields.RemoveAll(f => f.Key is "Input.Version" or "Input.LoadedAt");
        fields.Add(new("Input.Version", Hidden(page, "Input.Version")));
        fields.Add(new("Input.LoadedAt", Hidden(page, "Input.LoadedAt")));
        return await client.PostRawAsync(path, fields.Append(new("__RequestVerificationToken", SiteClient.Token(page))));
    }

    private static string Hidden(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"").Groups[1].Value;

    [Fact]
    public async Task The_list_searches_titles_without_regard_to_case_or_accents_and_keeps_filters_in_links()
    {
        using var viewer = await site.ClientAsync("viewer");
        var html = await viewer.GetStringAsync("/Qualifications?q=playwork&type=nvq");
        html.ShouldContain("PW-NVQ3");
        html.ShouldNotContain("NVQ3-CCLD");
        (await viewer.GetStringAsync("/Qualifications?q=PLÂYWORK")).ShouldContain("PW-NVQ3");
        // Sorting links carry the filters, so a bookmark or a return trip keeps the view.
        html.ShouldContain("q=playwork");
        html.ShouldContain("type=nvq");
    }

    [Fact]
    public async Task Filters_by_level_framework_status_and_awarding_body_narrow_the_list()
    {
        using var viewer = await site.ClientAsync("viewer");
        var fheq6 = await viewer.GetStringAsync("/Qualifications?level=6&framework=FHEQ");
        fheq6.ShouldContain("BA-SW");
        fheq6.ShouldNotContain("FD-EY");
        var historical = await viewer.GetStringAsync("/Qualifications?status=historical");
        historical.ShouldContain("NNEB-DNN");
        historical.ShouldNotContain("EYE-L3");
        var references = Regex.Matches(await viewer.GetStringAsync("/Qualifications?level=Level%203&framework=NQF"), @"Details/\d+\?returnUrl=[^""]*"">([A-Z0-9-]+)<")
            .Select(m => m.Groups[1].Value).ToList();
        references.ShouldContain("NVQ3-CCLD");
        references.ShouldNotContain("BA-SW");
    }

    [Fact]
    public async Task A_bad_filter_value_is_explained_and_ignored_not_an_error()
    {
        using var viewer = await site.ClientAsync("viewer");
        var response = await viewer.GetAsync("/Qualifications?type=degreeish&level=eleven&page=-4&sort=password");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("There is no qualification type called degreeish");
        html.ShouldContain("eleven is not a level");
    }

    [Fact]
    public async Task The_second_page_shows_the_next_fifty()
    {
        await TestPostgres.ExecAsync(site.ConnectionString,
            "insert into qualification (reference, title, type) select 'PAGING-' || g, 'Paging test ' || lpad(g::text, 3, '0'), 'award' from generate_series(1, 60) g");
        using var viewer = await site.ClientAsync("viewer");
        var first = await viewer.GetStringAsync("/Qualifications?q=paging+test");
        var second = await viewer.GetStringAsync("/Qualifications?q=paging+test&page=2");
        first.ShouldContain("Showing 1 to 50 of 60 qualifications");
        second.ShouldContain("Showing 51 to 60 of 60 qualifications");
        second.ShouldContain("Paging test 051");
        second.ShouldNotContain("Paging test 050");
        first.ShouldContain("page=2", customMessage: "the pager links to the next page");
    }

    [Fact]
    public async Task A_new_qualification_is_stamped_with_real_creation_times()
    {
        using var editor = await site.ClientAsync("editor");
        (await SaveAsync(editor, "/Qualifications/Edit", Form("STAMPED-1", "Stamped qualification"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count("select count(*) from qualification where reference = 'STAMPED-1' and created_at > now() - interval '5 minutes' and updated_at > now() - interval '5 minutes'"))
            .ShouldBe(1);
    }

    [Fact]
    public async Task A_search_that_finds_nothing_says_so()
    {
        using var viewer = await site.ClientAsync("viewer");
        (await viewer.GetStringAsync("/Qualifications?q=zzzz-nothing-like-this")).ShouldContain("No qualifications found");
    }

    [Fact]
    public async Task Adding_a_qualification_saves_it_with_its_levels_and_records_who_did_it()
    {
        using var editor = await site.ClientAsync("editor");
        var response = await SaveAsync(editor, "/Qualifications/Edit",
            Form("60358294", "Level 3 Diploma for the Early Years Workforce (Test)", ("Input.Level", "3"), ("Input.OtherLevels", "CAREER:2"), ("next", "save")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var id = await Id("603/5829/4");
        (await Count($"select count(*) from qualification_level where qualification_id = {id}")).ShouldBe(2);
        (await TestPostgres.ScalarAsync<string>(site.ConnectionString,
            $"select actor from history where table_name = 'qualification' and row_key = jsonb_build_object('id', {id}::bigint)")).ShouldBe("user:editor@test.local");
    }

    [Theory]
    [InlineData("Input.Title", "", "Enter the title")]
    [InlineData("Input.Reference", "12/34", "Enter the reference as an Ofqual number")]
    [InlineData("Input.OperationalStart", "01/09/2024", "Enter the operational start date as YYYY-MM-DD")]
    [InlineData("Input.Credits", "-3", "Credits must be a whole number")]
    [InlineData("Input.Level", "Level 12", "Enter the level as Entry")]
    [InlineData("Input.OtherLevels", "CAREER-3", "Enter other levels as FRAMEWORK:LEVEL")]
    [InlineData("Input.Type", "degreeish", "Select the type of qualification")]
    [InlineData("Input.AgeFocus", "toddlers", "Enter the age focus")]
    [InlineData("Input.ReviewIntervalMonths", "0", "The review interval must be")]
    public async Task Each_bad_value_is_shown_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from qualification");
        var response = await SaveAsync(editor, "/Qualifications/Edit", Form("BADVALUE-1", "A perfectly good title", (field, value)));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("There is a problem");
        html.ShouldContain(message);
        html.ShouldContain($"href=\"#{field.Replace('.', '_')}\"");
        html.ShouldContain("govuk-form-group--error");
        (await Count("select count(*) from qualification")).ShouldBe(before);
    }

    [Fact]
    public async Task A_level_the_framework_does_not_have_is_refused()
    {
        using var editor = await site.ClientAsync("editor");
        var response = await SaveAsync(editor, "/Qualifications/Edit", Form("NOLEVEL-1", "Title", ("Input.Framework", "FHEQ"), ("Input.Level", "2")));
        (await response.Content.ReadAsStringAsync()).ShouldContain("FHEQ has no level 2");
    }

    [Fact]
    public async Task The_same_reference_in_another_spelling_is_already_taken()
    {
        using var editor = await site.ClientAsync("editor");
        var response = await SaveAsync(editor, "/Qualifications/Edit", Form("nvq3-ccld", "Anything"));
        (await response.Content.ReadAsStringAsync()).ShouldContain("A qualification with reference NVQ3-CCLD already exists");
    }

    [Fact]
    public async Task A_likely_duplicate_must_be_acknowledged_before_saving()
    {
        using var editor = await site.ClientAsync("editor");
        var cache = await TestPostgres.ScalarAsync<long>(site.ConnectionString, "select awarding_body_id from qualification where reference = 'CACHE-DCE'");
        var fields = Form("DCE-COPY", "CACHE Level 3 Diploma in Childcare and Education",
            ("Input.AwardingBodyId", cache.ToString()), ("Input.Framework", "NQF"), ("Input.Level", "3"));

        var warned = await SaveAsync(editor, "/Qualifications/Edit", [.. fields]);
        var html = await warned.Content.ReadAsStringAsync();
        html.ShouldContain("Likely duplicates");
        html.ShouldContain("CACHE-DCE");
        (await Count("select count(*) from qualification where reference = 'DCE-COPY'")).ShouldBe(0);

        var saved = await SaveAsync(editor, "/Qualifications/Edit", [.. fields, new("Input.NotDuplicate", "true")]);
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count("select count(*) from qualification where reference = 'DCE-COPY'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_reference_differing_only_in_punctuation_is_flagged_as_a_likely_duplicate()
    {
        using var editor = await site.ClientAsync("editor");
        var response = await SaveAsync(editor, "/Qualifications/Edit", Form("NVQ3CCLD", "Something else entirely"));
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("the same reference written another way");
        (await Count("select count(*) from qualification where reference = 'NVQ3CCLD'")).ShouldBe(0);
    }

    [Fact]
    public async Task Two_editors_saving_the_same_record_never_overwrite_each_other()
    {
        var id = await Id("YWP-L2");
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var path = $"/Qualifications/Edit/{id}";
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);
        var historyBefore = await Count($"select count(*) from history where table_name = 'qualification' and row_key = jsonb_build_object('id', {id}::bigint)");

        List<KeyValuePair<string, string>> Edited(string page, string notes) =>
        [
            new("Input.Reference", "YWP-L2"), new("Input.Title", "Level 2 Certificate in Youth Work Practice"), new("Input.Type", "certificate"),
            new("Input.Framework", "RQF"), new("Input.Level", "2"), new("Input.Status", "available"), new("Input.CommonCoreStatus", "complete"),
            new("Input.Notes", notes), new("Input.Version", Hidden(page, "Input.Version")), new("Input.LoadedAt", Hidden(page, "Input.LoadedAt")),
            new("Input.OtherLevels", "CAREER:2"), new("Input.AwardingBodyId", Regex.Match(page, "<option value=\"(\\d+)\" selected>").Groups[1].Value),
            new("__RequestVerificationToken", SiteClient.Token(page)),
        ];

        (await alice.PostRawAsync(path, Edited(alicePage, "Alice's note"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await bob.PostRawAsync(path, Edited(bobPage, "Bob's note"));

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await conflict.Content.ReadAsStringAsync();
        html.ShouldContain("Someone else changed this qualification");
        html.ShouldContain("Alice&#x27;s note");
        html.ShouldContain("Bob&#x27;s note", customMessage: "Bob's own change is still in the form");
        (await TestPostgres.ScalarAsync<string>(site.ConnectionString, $"select notes from qualification where id = {id}")).ShouldBe("Alice's note");
        (await Count($"select count(*) from history where table_name = 'qualification' and row_key = jsonb_build_object('id', {id}::bigint)"))
            .ShouldBe(historyBefore + 1, "one change recorded, not two");

        // Having read Alice's change, Bob saves again from the conflict page: now his value wins, knowingly.
        var again = await bob.PostRawAsync(path, Edited(html, "Bob's note"));
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await TestPostgres.ScalarAsync<string>(site.ConnectionString, $"select notes from qualification where id = {id}")).ShouldBe("Bob's note");
    }

    [Fact]
    public async Task Archiving_hides_a_record_from_the_list_and_restoring_brings_it_back()
    {
        var id = await Id("LM-TRAIN");
        using var editor = await site.ClientAsync("editor");
        (await editor.PostFormAsync($"/Qualifications/Archive/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Qualifications/Archive/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await editor.GetStringAsync("/Qualifications?q=learning+mentor")).ShouldContain("No qualifications found");
        (await editor.GetStringAsync("/Qualifications?q=learning+mentor&show=archived")).ShouldContain("LM-TRAIN");

        (await editor.PostFormAsync($"/Qualifications/Restore/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Qualifications/Restore/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await editor.GetStringAsync("/Qualifications?q=learning+mentor")).ShouldContain("LM-TRAIN");
        (await Count($"select count(*) from history where table_name = 'qualification' and row_key = jsonb_build_object('id', {id}::bigint) and 'archived_at' = any (changed_fields)"))
            .ShouldBe(2);
    }

    [Fact]
    public async Task A_stale_archive_confirmation_is_a_conflict()
    {
        var id = await Id("RCC-L3");
        using var editor = await site.ClientAsync("editor");
        var confirm = await editor.GetStringAsync($"/Qualifications/Archive/{id}");
        await TestPostgres.ExecAsync(site.ConnectionString, $"update qualification set notes = 'changed meanwhile' where id = {id}");
        var response = await editor.PostRawAsync($"/Qualifications/Archive/{id}",
            [new("Version", Hidden(confirm, "Version")), new("__RequestVerificationToken", SiteClient.Token(confirm))]);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Someone else changed this record after you opened this page");
        (await Count($"select count(*) from qualification where id = {id} and archived_at is null")).ShouldBe(1);
    }

    [Fact]
    public async Task The_history_shows_who_changed_which_field_from_what_to_what()
    {
        var id = await Id("PW-TRANS");
        using var editor = await site.ClientAsync("editor");
        var path = $"/Qualifications/Edit/{id}";
        var page = await editor.GetStringAsync(path);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.Reference", "PW-TRANS"), new("Input.Title", "Level 3 Award in Transition to Playwork (from Early Years)"),
            new("Input.Type", "award"), new("Input.Framework", "QCF"), new("Input.Level", "3"), new("Input.Status", "historical"),
            new("Input.CommonCoreStatus", Regex.Match(page, "<option value=\"([a-z-]+)\" selected>(Not started|In progress|Complete)").Groups[1].Value),
            new("Input.AwardingBodyId", Regex.Match(page, "<option value=\"(\\d+)\" selected>").Groups[1].Value),
            new("Input.NotDuplicate", "true"),
        };
        (await SaveAsync(editor, path, fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var history = await editor.GetStringAsync($"/Qualifications/History/{id}");
        history.ShouldContain("Changed by user:editor@test.local");
        history.ShouldContain(">status<");
        history.ShouldContain(">withdrawn<");
        history.ShouldContain(">historical<");
    }

    [Fact]
    public async Task Selected_qualifications_export_as_interchange_CSV()
    {
        using var planner = await site.ClientAsync("planner");
        var ids = new[] { await Id("BA-SW"), await Id("QTS") };
        var response = await planner.PostFormAsync("/Qualifications/Export", ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())), formPage: "/Qualifications");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("reference,title,type,level,framework,other_levels,awarding_body,status,operational_start,operational_end,certification_end,credits,glh,tqt,age_focus,sector_subject_area,url,common_core_status,notes");
        lines.Length.ShouldBe(3);
        lines[1].ShouldStartWith("BA-SW,BA (Hons) Social Work,honours-degree,6,FHEQ,CAREER:4,");
    }

    [Fact]
    public async Task Bulk_mark_reviewed_stamps_each_selected_record_with_the_reviewer()
    {
        using var editor = await site.ClientAsync("editor");
        var ids = new[] { await Id("FD-EY"), await Id("EYPS") };
        var response = await editor.PostFormAsync("/Qualifications/Bulk?handler=Reviewed",
            ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())).Append(new("ReturnUrl", "/Qualifications?type=nvq")), formPage: "/Qualifications");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/Qualifications?type=nvq", "back to the list view the user came from");
        (await Count($"select count(*) from qualification where id in ({ids[0]}, {ids[1]}) and last_reviewed_by = 'editor@test.local' and last_reviewed_at > now() - interval '1 minute'"))
            .ShouldBe(2);
    }

    [Fact]
    public async Task A_return_address_off_this_site_is_ignored()
    {
        using var editor = await site.ClientAsync("editor");
        var response = await editor.PostFormAsync("/Qualifications/Bulk?handler=Reviewed", [new("Ids", (await Id("QTS")).ToString()), new("ReturnUrl", "//evil.example/")], formPage: "/Qualifications");
        response.Headers.Location!.ToString().ShouldBe("/Qualifications");
    }

    [Theory]
    [InlineData("/Qualifications/Details/987654")]
    [InlineData("/Qualifications/Edit/987654")]
    [InlineData("/Qualifications/History/987654")]
    [InlineData("/Qualifications/Archive/987654")]
    [InlineData("/Qualifications/Delete/987654")]
    [InlineData("/Qualifications/Details/not-a-number")]
    public async Task An_unknown_record_is_a_404_page(string path)
    {
        using var admin = await site.ClientAsync("admin");
        var response = await admin.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Page not found");
    }

    [Fact]
    public async Task Hard_delete_is_refused_while_anything_points_at_the_qualification()
    {
        using var admin = await site.ClientAsync("admin");
        var id = await Id("BA-SW");
        var page = await admin.GetStringAsync($"/Qualifications/Delete/{id}");
        page.ShouldContain("cannot be deleted");
        (await admin.PostFormAsync($"/Qualifications/Delete/{id}", [], formPage: $"/Qualifications/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count($"select count(*) from qualification where id = {id}")).ShouldBe(1);
    }

    [Fact]
    public async Task Hard_delete_of_an_unreferenced_qualification_removes_it_and_keeps_its_history()
    {
        using var editor = await site.ClientAsync("editor");
        (await SaveAsync(editor, "/Qualifications/Edit", Form("DELETE-ME", "A qualification entered by mistake", ("Input.Level", "")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await Id("DELETE-ME");
        using var admin = await site.ClientAsync("admin");
        (await admin.PostFormAsync($"/Qualifications/Delete/{id}", [], formPage: $"/Qualifications/Delete/{id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await Count($"select count(*) from qualification where id = {id}")).ShouldBe(0);
        (await Count($"select count(*) from history where table_name = 'qualification' and row_key = jsonb_build_object('id', {id}::bigint) and operation = 'D' and actor = 'user:admin@test.local'"))
            .ShouldBe(1);
        (await admin.GetStringAsync($"/Qualifications/History/{id}")).ShouldContain("A qualification entered by mistake");
    }
}
