using System.Net;
using System.Text.RegularExpressions;
using Iqf.Tests.Support;

namespace Iqf.Tests.Admin;

/// <summary>
/// The occupational standards pages (standards, their suites, and the modules mapped to them) as
/// in-putters use them, over HTTP against the real site and database. The sample set has no
/// standards, so each test makes the suites and standards it needs, with codes of its own.
/// </summary>
public partial class StandardPagesTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);
    private Task<string> Scalar(string sql) => TestPostgres.ScalarAsync<string>(site.ConnectionString, sql);
    private Task Exec(string sql) => TestPostgres.ExecAsync(site.ConnectionString, sql);
    private Task<long> StandardId(string code) => Count($"select id from occupational_standard where code = '{code}'");
    private Task<long> SuiteId(string code) => Count($"select id from nos_suite where code = '{code}'");
    private Task<long> OrganisationId(string name) => Count($"select id from organisation where name = '{name.Replace("'", "''")}'");

    /// <summary>A suite (owned by the named organisation, or by nobody) and standards in it, each "CODE|Title|approved|due" with dates optional.</summary>
    private async Task<long> SuiteWithStandards(string suiteCode, string? owner, params string[] standards)
    {
        var ownerSql = owner is null ? "null" : $"(select id from organisation where name = '{owner.Replace("'", "''")}')";
        var suite = await Count($"insert into nos_suite (code, title, owner_organisation_id) values ('{suiteCode}', 'Suite {suiteCode}', {ownerSql}) returning id");
        foreach (var s in standards)
        {
            var p = s.Split('|');
            string Date(int i) => p.Length > i && p[i].Length > 0 ? $"'{p[i]}'::date" : "null";
            await Exec($"insert into occupational_standard (suite_id, code, title, approved_on, review_due_on) values ({suite}, '{p[0]}', '{p[1].Replace("'", "''")}', {Date(2)}, {Date(3)})");
        }
        return suite;
    }

    private static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    private static async Task<string> Text(SiteClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    private static List<KeyValuePair<string, string>> Form(params (string Key, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).ToList();

    private static List<KeyValuePair<string, string>> NewStandard(long suite, string code, params (string Key, string Value)[] extra)
    {
        var fields = new Dictionary<string, string> { ["Input.SuiteId"] = suite.ToString(), ["Input.Code"] = code, ["Input.Title"] = $"Standard {code}" };
        foreach (var (k, v) in extra) fields[k] = v;
        return fields.ToList();
    }

    /// <summary>Posts a form with the token, version and load time the page handed out.</summary>
    private static async Task<HttpResponseMessage> SaveAsync(SiteClient client, string path, List<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetStringAsync(path);
        return await client.PostRawAsync(path, WithPageState(page, fields));
    }

    /// <summary>Posts one of a page's forms (e.g. "?handler=Add") with the state the page handed out.</summary>
    private static async Task<HttpResponseMessage> PostFromAsync(SiteClient client, string page, string handler, List<KeyValuePair<string, string>> fields) =>
        await client.PostRawAsync(page + handler, WithPageState(await client.GetStringAsync(page), fields));

    private static List<KeyValuePair<string, string>> WithPageState(string page, List<KeyValuePair<string, string>> fields) =>
    [
        .. fields.Where(f => f.Key is not ("Input.Version" or "Input.LoadedAt")),
        new("Input.Version", Hidden(page, "Input.Version")), new("Input.LoadedAt", Hidden(page, "Input.LoadedAt")),
        new("__RequestVerificationToken", SiteClient.Token(page)),
    ];

    private static string Hidden(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"").Groups[1].Value;

    private static List<string> Listed(string html) =>
        Regex.Matches(html, @"/Standards/Details/\d+\?returnUrl=[^""]*"">([^<]+)</a>").Select(m => m.Groups[1].Value).ToList();

    private static List<string> ListedSuites(string html) =>
        Regex.Matches(html, @"/Standards/Suites/Details/\d+\?returnUrl=[^""]*"">([^<]+)</a>").Select(m => m.Groups[1].Value).ToList();

    private static void ShouldShowFieldError(string html, string field, string message)
    {
        html.ShouldContain("There is a problem");
        html.ShouldContain($"href=\"#{field.Replace('.', '_')}\">{message}");
        html.ShouldContain($"<p id=\"{field.Replace('.', '_')}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {message}");
    }

    [Fact]
    public async Task The_list_finds_standards_by_code_or_title_without_regard_to_case_or_accents()
    {
        await SuiteWithStandards("SRCH", null, "SRCH01|Développer la pratique réflexive", "srch02|Promote communication in care settings", "OTHER03|Soutenir l'apprentissage");
        using var viewer = await site.ClientAsync("viewer");

        Listed(await Text(viewer, "/Standards?q=DEVELOPPER+LA")).ShouldBe(["SRCH01"]);
        Listed(await Text(viewer, "/Standards?q=réflexive")).ShouldBe(["SRCH01"]);
        Listed(await Text(viewer, "/Standards?q=Srch0")).ShouldBe(["SRCH01", "srch02"]);
        Listed(await Text(viewer, "/Standards?q=communicatiON")).ShouldBe(["srch02"]);
        Listed(await Text(viewer, "/Standards?q=SOUTENIR+L'APPRENTISSAGE")).ShouldBe(["OTHER03"]);
        Listed(await Text(viewer, "/Standards?q=100%25")).ShouldBeEmpty("a % typed is a character, not a wildcard");
        Listed(await Text(viewer, "/Standards?q=srch_1")).ShouldBeEmpty("an _ typed is a character, not a wildcard");
    }

    [Fact]
    public async Task Filters_by_suite_owner_review_due_and_archived_narrow_the_list_and_stay_in_its_links()
    {
        var today = DateTime.Today;
        string D(DateTime d) => d.ToString("yyyy-MM-dd");
        var sfc = await SuiteWithStandards("FLT-A", "Skills for Care",
            $"FLTA1|Overdue standard|{D(today.AddYears(-4))}|{D(today.AddDays(-1))}",
            $"FLTA2|Due soon standard|{D(today.AddYears(-3))}|{D(today.AddMonths(2))}",
            $"FLTA3|Due later standard|{D(today.AddYears(-1))}|{D(today.AddYears(2))}",
            "FLTA4|Undated standard");
        var cwdc = await SuiteWithStandards("FLT-B", "Children's Workforce Development Council", $"FLTB1|Other overdue standard||{D(today.AddMonths(-6))}");
        await Exec("update occupational_standard set archived_at = now() where code = 'FLTA4'");
        using var viewer = await site.ClientAsync("viewer");

        Listed(await Text(viewer, $"/Standards?suite={sfc}")).ShouldBe(["FLTA1", "FLTA2", "FLTA3"]);
        Listed(await Text(viewer, $"/Standards?suite={sfc}&show=archived")).ShouldBe(["FLTA4"]);
        Listed(await Text(viewer, $"/Standards?suite={sfc}&show=all")).ShouldBe(["FLTA1", "FLTA2", "FLTA3", "FLTA4"]);
        Listed(await Text(viewer, $"/Standards?owner={await OrganisationId("Children's Workforce Development Council")}&q=flt")).ShouldBe(["FLTB1"]);
        var overdue = await Text(viewer, "/Standards?due=overdue&q=flt");
        Listed(overdue).ShouldBe(["FLTA1", "FLTB1"]);
        overdue.ShouldContain("Overdue</strong>");
        Listed(await Text(viewer, "/Standards?due=soon&q=flt")).ShouldBe(["FLTA2"]);
        var both = await Text(viewer, $"/Standards?due=overdue&suite={cwdc}&sort=code");
        Listed(both).ShouldBe(["FLTB1"]);
        // Sorting and paging links carry the filters, so a bookmark or a return trip keeps the view.
        both.ShouldContain($"due=overdue");
        both.ShouldContain($"suite={cwdc}");
    }

    [Fact]
    public async Task The_list_sorts_by_a_column_either_way_and_pages_fifty_at_a_time()
    {
        var suite = await SuiteWithStandards("PAGE", null);
        await Exec($"""
            insert into occupational_standard (suite_id, code, title, review_due_on)
            select {suite}, 'PG' || lpad(n::text, 3, '0'), 'Paged standard ' || n, date '2030-01-01' + (n * 7 % 61)
            from generate_series(1, 61) n
            """);
        using var viewer = await site.ClientAsync("viewer");
        var first = await Text(viewer, $"/Standards?suite={suite}");
        first.ShouldContain("Showing 1 to 50 of 61 standards");
        Listed(first).Count.ShouldBe(50);
        Listed(first)[0].ShouldBe("PG001");
        first.ShouldContain("aria-sort=\"ascending\"><a class=\"govuk-link\" href=\"/Standards?dir=desc&sort=code");
        var second = Listed(await Text(viewer, $"/Standards?suite={suite}&page=2"));
        second.Count.ShouldBe(11);
        second.Intersect(Listed(first)).ShouldBeEmpty();

        var byDue = Listed(await Text(viewer, $"/Standards?suite={suite}&sort=due&dir=asc"));
        var byDueDesc = Listed(await Text(viewer, $"/Standards?suite={suite}&sort=due&dir=desc&page=2"));
        var dues = await Scalar($"select string_agg(code::text, ',' order by review_due_on, id) from occupational_standard where suite_id = {suite}");
        byDue.ShouldBe(dues.Split(',').Take(50).ToList());
        byDueDesc.ShouldBe(dues.Split(',').Take(11).Reverse().ToList());
    }

    [Fact]
    public async Task A_bad_filter_value_is_explained_and_ignored_and_an_empty_result_says_so()
    {
        await SuiteWithStandards("BADF", null, "BADF1|Bad filter standard");
        using var viewer = await site.ClientAsync("viewer");
        var response = await viewer.GetAsync("/Standards?suite=abc&owner=999999&due=someday&page=-3&sort=password&q=badf");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("There is no suite abc: choose one from the list");
        html.ShouldContain("No suite is owned by organisation 999999");
        html.ShouldContain("Choose overdue or due within 3 months, not someday");
        Listed(html).ShouldBe(["BADF1"]);

        var empty = await Text(viewer, "/Standards?q=zzzz-nothing-like-this");
        empty.ShouldContain("No standards found");
        empty.ShouldContain("clear all filters");
    }

    [Fact]
    public async Task The_details_show_the_suite_owner_dates_modules_and_the_qualifications_that_cover_it()
    {
        var suite = await SuiteWithStandards("DTL", "Skills for Care", "DTL01|Support children's play|2010-05-01|2099-05-01");
        var id = await StandardId("DTL01");
        await Exec($"insert into module_standard (module_id, standard_id) select id, {id} from module where code in ('CCLD301', 'CCLD321')");
        using var viewer = await site.ClientAsync("viewer");
        var html = await Text(viewer, $"/Standards/Details/{id}");
        html.ShouldContain("Support children's play");
        html.ShouldContain($"href=\"/Standards/Suites/Details/{suite}\">DTL</a> Suite DTL");
        html.ShouldContain(">Skills for Care</a>");
        html.ShouldContain("1 May 2010");
        html.ShouldContain("1 May 2099");
        html.ShouldContain("CCLD301 ");
        html.ShouldContain("CCLD321 ");
        // CCLD301 is in both NVQ3 records; CCLD321 (optional) only in the Caring for Children one.
        html.ShouldContain(">NVQ3-CCLD</a>");
        html.ShouldContain(">NVQ3-CCLD-CG</a>");
        html.ShouldContain("CCLD301, CCLD321");
        html.ShouldNotContain(">NVQ2-CCLD</a>");
        html.ShouldNotContain(">Edit</a>", customMessage: "a viewer is not offered editing");

        // The suite's page lists its standards.
        (await Text(viewer, $"/Standards/Suites/Details/{suite}")).ShouldContain($"href=\"/Standards/Details/{id}\">DTL01</a>");
    }

    [Fact]
    public async Task Adding_a_standard_saves_it_and_records_who_did_it()
    {
        var suite = await SuiteWithStandards("ADD", null);
        using var editor = await site.ClientAsync("editor");
        (await Text(editor, $"/Standards/Edit?suite={suite}")).ShouldContain($"<option value=\"{suite}\" selected>ADD Suite ADD</option>",
            customMessage: "adding from a suite's page starts in that suite");

        var response = await SaveAsync(editor, "/Standards/Edit?returnUrl=%2FStandards%3Fq%3Dadd", NewStandard(suite, "  ADD01  ",
            ("Input.Title", "Plan and lead transitions"), ("Input.ApprovedOn", "2011-09-01"), ("Input.ReviewDueOn", "2016-09-01"),
            ("Input.ReviewIntervalMonths", "24"), ("next", "save")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/Standards?q=add", "back to the list the editor came from");

        var id = await StandardId("ADD01");
        (await Scalar($"select concat_ws('|', suite_id, code, title, approved_on, review_due_on, review_interval_months) from occupational_standard where id = {id}"))
            .ShouldBe($"{suite}|ADD01|Plan and lead transitions|2011-09-01|2016-09-01|24");
        (await Scalar($"select actor from history where table_name = 'occupational_standard' and row_key = jsonb_build_object('id', {id}::bigint) and operation = 'I'"))
            .ShouldBe("user:editor@test.local");

        var another = await SaveAsync(editor, "/Standards/Edit", NewStandard(suite, "ADD02", ("next", "another")));
        another.Headers.Location!.ToString().ShouldBe("/Standards/Edit");
        var again = await SaveAsync(editor, "/Standards/Edit", NewStandard(suite, "ADD03", ("next", "continue")));
        again.Headers.Location!.ToString().ShouldBe($"/Standards/Edit/{await StandardId("ADD03")}");
    }

    [Theory]
    [InlineData("Input.SuiteId", "", "Select the suite the standard belongs to")]
    [InlineData("Input.SuiteId", "987654", "Select a suite from the list")]
    [InlineData("Input.Code", "  ", "Enter the standard's code, for example SCDHSC0031")]
    [InlineData("Input.Code", "A-CODE-THAT-IS-FAR-TOO-LONG-TO-BE-A-CODE-ANYONE-WOULD-TYPE-IN-PRACTICE", "The code must be 64 characters or fewer, on one line")]
    [InlineData("Input.Title", "", "Enter the standard's title")]
    [InlineData("Input.ApprovedOn", "31/03/2012", "Enter the date it was approved as YYYY-MM-DD, for example 2012-03-31")]
    [InlineData("Input.ReviewDueOn", "2017-02-30", "Enter the date its review is due as YYYY-MM-DD, for example 2017-03-31")]
    [InlineData("Input.ReviewIntervalMonths", "121", "The review interval must be a whole number of months from 1 to 120")]
    [InlineData("Input.ReviewIntervalMonths", "six", "The review interval must be a whole number of months from 1 to 120")]
    public async Task Each_bad_value_is_shown_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        var suite = await Count("insert into nos_suite (code, title) values ('VAL-' || gen_random_uuid(), 'Validation suite') returning id");
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from occupational_standard");
        var response = await SaveAsync(editor, "/Standards/Edit", NewStandard(suite, "VALID-CODE", (field, value)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldShowFieldError(await Text(response), field, message);
        (await Count("select count(*) from occupational_standard")).ShouldBe(before);
    }

    [Fact]
    public async Task A_review_due_on_or_before_the_approval_is_refused()
    {
        var suite = await SuiteWithStandards("ORDER", null);
        using var editor = await site.ClientAsync("editor");
        foreach (var due in new[] { "2012-03-30", "2012-03-31" })
        {
            var response = await SaveAsync(editor, "/Standards/Edit", NewStandard(suite, "ORDER1", ("Input.ApprovedOn", "2012-03-31"), ("Input.ReviewDueOn", due)));
            ShouldShowFieldError(await Text(response), "Input.ReviewDueOn", "The review due date must be after the date it was approved");
        }
        (await Count("select count(*) from occupational_standard where code = 'ORDER1'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_code_another_standard_has_is_refused_by_the_database_whatever_its_capitals()
    {
        var suite = await SuiteWithStandards("DUP", null, "DUP01|The first holder");
        var other = await SuiteWithStandards("DUP-OTHER", null, "DUP02|The second one");
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from occupational_standard");
        var response = await SaveAsync(editor, "/Standards/Edit", NewStandard(other, "dup01"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldShowFieldError(await Text(response), "Input.Code", "dup01 is already the code of the standard The first holder: codes are unique, whatever their capitals");
        (await Count("select count(*) from occupational_standard")).ShouldBe(before);

        // Renaming onto another's code is refused the same way, and changes nothing.
        var second = await StandardId("DUP02");
        var rename = await SaveAsync(editor, $"/Standards/Edit/{second}", NewStandard(other, "DUP01"));
        (await Text(rename)).ShouldContain("DUP01 is already the code of the standard The first holder");
        (await Scalar($"select code::text from occupational_standard where id = {second}")).ShouldBe("DUP02");
        suite.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Two_editors_saving_the_same_standard_never_overwrite_each_other()
    {
        var suite = await SuiteWithStandards("CONC", null, "CONC01|Original title|2010-01-01|2015-01-01");
        var moved = await SuiteWithStandards("CONC-NEW", null);
        var id = await StandardId("CONC01");
        var path = $"/Standards/Edit/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);

        var aliceForm = NewStandard(moved, "CONC01", ("Input.Title", "Alice's title"), ("Input.ApprovedOn", "2010-01-01"), ("Input.ReviewDueOn", "2015-01-01"));
        (await alice.PostRawAsync(path, WithPageState(alicePage, aliceForm))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var bobForm = NewStandard(suite, "CONC01", ("Input.Title", "Original title"), ("Input.ApprovedOn", "2010-01-01"), ("Input.ReviewDueOn", "2019-01-01"));
        var conflict = await bob.PostRawAsync(path, WithPageState(bobPage, bobForm));

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this standard while you were editing it");
        html.ShouldContain("Alice's title");
        html.ShouldContain("CONC-NEW Suite CONC-NEW", customMessage: "the suite they chose is named, not numbered");
        html.ShouldContain("user:editor@test.local");
        html.ShouldContain("value=\"2019-01-01\"", customMessage: "Bob's own change is still in the form");
        (await Scalar($"select concat_ws('|', title, suite_id, review_due_on) from occupational_standard where id = {id}")).ShouldBe($"Alice's title|{moved}|2015-01-01");
        (await Count($"select count(*) from history where table_name = 'occupational_standard' and row_key = jsonb_build_object('id', {id}::bigint) and operation = 'U'"))
            .ShouldBe(1, "one save recorded, not two");

        // Having read Alice's change, Bob saves again from the conflict page: now his values win, knowingly.
        var again = await bob.PostRawAsync(path, WithPageState(await conflict.Content.ReadAsStringAsync(), bobForm));
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select concat_ws('|', title, suite_id, review_due_on) from occupational_standard where id = {id}")).ShouldBe($"Original title|{suite}|2019-01-01");
    }

    [Fact]
    public async Task Modules_are_mapped_by_code_and_unmapped_and_each_change_is_in_the_history()
    {
        await SuiteWithStandards("MAP", null, "MAP01|Mapped standard");
        var id = await StandardId("MAP01");
        var path = $"/Standards/EditModules/{id}";
        using var editor = await site.ClientAsync("editor");

        var added = await PostFromAsync(editor, path, "?handler=Add", Form(("Input.ModuleCode", " ccld201 ")));
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PostFromAsync(editor, path, "?handler=Add", Form(("Input.ModuleCode", "CCLD203")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select string_agg(m.code::text, ',' order by m.code) from module_standard ms join module m on m.id = ms.module_id where ms.standard_id = {id}"))
            .ShouldBe("CCLD201,CCLD203");
        var page = await Text(editor, path);
        page.ShouldContain(">NVQ2-CCLD</a>", customMessage: "the qualifications that cover the standard through its modules are listed");
        page.ShouldContain("CCLD201, CCLD203");

        var unknown = await PostFromAsync(editor, path, "?handler=Add", Form(("Input.ModuleCode", "NO-SUCH-MODULE")));
        ShouldShowFieldError(await Text(unknown), "Input.ModuleCode", "There is no module with code NO-SUCH-MODULE. Check the code, or add the module to a qualification first");
        var twice = await PostFromAsync(editor, path, "?handler=Add", Form(("Input.ModuleCode", "ccld203")));
        ShouldShowFieldError(await Text(twice), "Input.ModuleCode", "CCLD203 is already mapped to this standard");
        var empty = await PostFromAsync(editor, path, "?handler=Add", Form(("Input.ModuleCode", "")));
        ShouldShowFieldError(await Text(empty), "Input.ModuleCode", "Enter the code of the module to map to this standard, for example CCLD 301");

        var ccld201 = await Count("select id from module where code = 'CCLD201'");
        (await PostFromAsync(editor, path, "?handler=Remove", Form(("moduleId", ccld201.ToString())))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select string_agg(m.code::text, ',') from module_standard ms join module m on m.id = ms.module_id where ms.standard_id = {id}")).ShouldBe("CCLD203");

        var history = await Text(editor, $"/Standards/History/{id}");
        history.ShouldContain("Added module standard by user:editor@test.local");
        history.ShouldContain("Removed module standard by user:editor@test.local");
        history.ShouldContain("CCLD201 ", customMessage: "modules are named by code, not numbered");
    }

    [Fact]
    public async Task Mapping_a_module_from_a_stale_page_is_a_conflict_that_shows_the_other_change()
    {
        await SuiteWithStandards("MAPC", null, "MAPC01|Contested standard");
        var id = await StandardId("MAPC01");
        var path = $"/Standards/EditModules/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("editor");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);
        (await alice.PostRawAsync(path + "?handler=Add", WithPageState(alicePage, Form(("Input.ModuleCode", "CCLD401"))))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stale = await bob.PostRawAsync(path + "?handler=Add", WithPageState(bobPage, Form(("Input.ModuleCode", "CCLD402"))));
        stale.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(stale);
        html.ShouldContain("Someone else changed this standard or its modules after you opened this page");
        html.ShouldContain("module added");
        html.ShouldContain("CCLD401 ");
        (await Scalar($"select string_agg(m.code::text, ',') from module_standard ms join module m on m.id = ms.module_id where ms.standard_id = {id}")).ShouldBe("CCLD401");
    }

    [Fact]
    public async Task Archiving_hides_a_standard_from_the_list_and_restoring_brings_it_back()
    {
        await SuiteWithStandards("ARCHV", null, "ARCHV01|Archivable standard");
        var id = await StandardId("ARCHV01");
        using var editor = await site.ClientAsync("editor");
        (await editor.PostFormAsync($"/Standards/Archive/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Standards/Archive/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Listed(await Text(editor, "/Standards?q=archv01")).ShouldBeEmpty();
        Listed(await Text(editor, "/Standards?q=archv01&show=archived")).ShouldBe(["ARCHV01"]);
        (await Text(editor, $"/Standards/Details/{id}")).ShouldContain("Archived on");

        (await editor.PostFormAsync($"/Standards/Restore/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Standards/Restore/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Listed(await Text(editor, "/Standards?q=archv01")).ShouldBe(["ARCHV01"]);
        (await Count($"select count(*) from history where table_name = 'occupational_standard' and row_key = jsonb_build_object('id', {id}::bigint) and 'archived_at' = any (changed_fields) and actor = 'user:editor@test.local'"))
            .ShouldBe(2);
    }

    [Fact]
    public async Task Bulk_actions_archive_restore_and_mark_reviewed_the_selection()
    {
        await SuiteWithStandards("BLK", null, "BLK01|First bulk standard", "BLK02|Second bulk standard", "BLK03|Left alone");
        var ids = new[] { await StandardId("BLK01"), await StandardId("BLK02") };
        var selection = ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())).ToList();
        using var editor = await site.ClientAsync("editor");

        var archived = await editor.PostFormAsync("/Standards/Bulk?handler=Archive", [.. selection, new("ReturnUrl", "/Standards?q=blk")], formPage: "/Standards");
        archived.Headers.Location!.ToString().ShouldBe("/Standards?q=blk");
        Listed(await Text(editor, "/Standards?q=blk")).ShouldBe(["BLK03"]);

        await editor.PostFormAsync("/Standards/Bulk?handler=Restore", selection, formPage: "/Standards");
        await editor.PostFormAsync("/Standards/Bulk?handler=Reviewed", selection, formPage: "/Standards");
        (await Count("select count(*) from occupational_standard where code like 'BLK%' and archived_at is null and last_reviewed_by = 'editor@test.local'")).ShouldBe(2);
        (await Count("select count(*) from occupational_standard where code = 'BLK03' and last_reviewed_at is not null")).ShouldBe(0);
    }

    [Fact]
    public async Task Selected_standards_and_suites_export_as_CSV_with_codes_not_ids()
    {
        await SuiteWithStandards("EXP", "Skills for Care", "EXP02|Second, with a comma|2012-01-01|2017-01-01", "EXP01|First");
        var id = await StandardId("EXP02");
        await Exec($"insert into module_standard (module_id, standard_id) select id, {id} from module where code in ('CCLD305', 'CCLD201')");
        using var planner = await site.ClientAsync("planner");
        var response = await planner.PostFormAsync("/Standards/Export", new[] { id, await StandardId("EXP01") }.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())), formPage: "/Standards");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            "code,title,suite,approved_on,review_due_on,modules",
            "EXP01,First,EXP,,,",
            "EXP02,\"Second, with a comma\",EXP,2012-01-01,2017-01-01,CCLD201;CCLD305",
        ]);

        var suites = await planner.PostFormAsync("/Standards/Suites/Export", [new("Ids", (await SuiteId("EXP")).ToString())], formPage: "/Standards/Suites");
        (await suites.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ShouldBe(
            ["code,title,owner,approved_on,review_due_on", "EXP,Suite EXP,Skills for Care,,"]);
    }

    [Fact]
    public async Task The_history_shows_field_changes_with_who_made_them_and_the_suite_by_name()
    {
        await SuiteWithStandards("HIS", null, "HIS01|Before the change");
        var newSuite = await SuiteWithStandards("HIS-NEW", null);
        var id = await StandardId("HIS01");
        using var editor = await site.ClientAsync("editor");
        (await SaveAsync(editor, $"/Standards/Edit/{id}", NewStandard(newSuite, "HIS01", ("Input.Title", "After the change"), ("Input.ReviewDueOn", "2030-06-30"))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var history = await Text(editor, $"/Standards/History/{id}");
        history.ShouldContain("Changed by user:editor@test.local");
        history.ShouldContain(">title<");
        history.ShouldContain(">Before the change<");
        history.ShouldContain(">After the change<");
        history.ShouldContain(">review due on<");
        history.ShouldContain(">2030-06-30<");
        history.ShouldContain(">HIS-NEW Suite HIS-NEW<", customMessage: "the suite is named, not numbered");
    }

    [Fact]
    public async Task Delete_is_refused_while_a_module_maps_to_the_standard_and_allowed_once_nothing_does()
    {
        await SuiteWithStandards("DEL", null, "DEL01|Mapped standard", "DEL02|Unmapped standard");
        var mapped = await StandardId("DEL01");
        await Exec($"insert into module_standard (module_id, standard_id) select id, {mapped} from module where code = 'CCLD201'");
        using var admin = await site.ClientAsync("admin");
        var page = await Text(admin, $"/Standards/Delete/{mapped}");
        page.ShouldContain("It cannot be deleted because other records point at it");
        page.ShouldContain("1 module maps to it (CCLD201)");
        (await admin.PostFormAsync($"/Standards/Delete/{mapped}", [], formPage: $"/Standards/Details/{mapped}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count($"select count(*) from occupational_standard where id = {mapped}")).ShouldBe(1);
        (await Count($"select count(*) from module_standard where standard_id = {mapped}")).ShouldBe(1);

        var unmapped = await StandardId("DEL02");
        var deleted = await admin.PostFormAsync($"/Standards/Delete/{unmapped}", [], formPage: $"/Standards/Delete/{unmapped}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        deleted.Headers.Location!.ToString().ShouldBe("/Standards");
        (await Count($"select count(*) from occupational_standard where id = {unmapped}")).ShouldBe(0);
        (await Count($"select count(*) from history where table_name = 'occupational_standard' and row_key = jsonb_build_object('id', {unmapped}::bigint) and operation = 'D' and actor = 'user:admin@test.local'"))
            .ShouldBe(1);
        (await Text(admin, $"/Standards/History/{unmapped}")).ShouldContain("DEL02 Unmapped standard");

        // A suite with standards in it cannot go either.
        var suite = await SuiteId("DEL");
        (await Text(admin, $"/Standards/Suites/Delete/{suite}")).ShouldContain("1 standard is in it (DEL01)");
        (await admin.PostFormAsync($"/Standards/Suites/Delete/{suite}", [], formPage: $"/Standards/Suites/Details/{suite}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count($"select count(*) from nos_suite where id = {suite}")).ShouldBe(1);
    }

    [Theory]
    [InlineData("/Standards/Details/987654")]
    [InlineData("/Standards/Edit/987654")]
    [InlineData("/Standards/EditModules/987654")]
    [InlineData("/Standards/History/987654")]
    [InlineData("/Standards/Archive/987654")]
    [InlineData("/Standards/Restore/987654")]
    [InlineData("/Standards/Delete/987654")]
    [InlineData("/Standards/Details/not-a-number")]
    [InlineData("/Standards/Suites/Details/987654")]
    [InlineData("/Standards/Suites/Edit/987654")]
    [InlineData("/Standards/Suites/History/987654")]
    [InlineData("/Standards/Suites/Archive/987654")]
    [InlineData("/Standards/Suites/Delete/987654")]
    public async Task An_unknown_standard_or_suite_is_a_404_page(string path)
    {
        using var admin = await site.ClientAsync("admin");
        var response = await admin.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Page not found");
    }

    [Fact]
    public async Task Saving_an_unknown_standard_is_a_404_not_a_new_record()
    {
        var suite = await SuiteWithStandards("GHOST", null);
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from occupational_standard");
        (await editor.PostFormAsync("/Standards/Edit/987654", NewStandard(suite, "GHOST01"), formPage: "/Standards/Edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await editor.PostFormAsync("/Standards/EditModules/987654?handler=Add", Form(("Input.ModuleCode", "CCLD201")), formPage: "/Standards/Edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Count("select count(*) from occupational_standard")).ShouldBe(before);
    }

    [Fact]
    public async Task Suites_are_listed_searched_and_filtered_by_owner_and_review_due()
    {
        await Exec($"""
            insert into nos_suite (code, title, owner_organisation_id, review_due_on) values
              ('STE-PLAY', 'Playwork – Jeux et activités', (select id from organisation where name = 'Skills for Care'), current_date - 10),
              ('STE-YOUTH', 'Youth work', (select id from organisation where name = 'Children''s Workforce Development Council'), current_date + 30),
              ('STE-OLD', 'Retired suite', null, null);
            update nos_suite set archived_at = now() where code = 'STE-OLD';
            """);
        using var viewer = await site.ClientAsync("viewer");
        ListedSuites(await Text(viewer, "/Standards/Suites?q=JEUX+ET+ACTIVITES")).ShouldBe(["STE-PLAY"]);
        ListedSuites(await Text(viewer, "/Standards/Suites?q=ste-")).ShouldBe(["STE-PLAY", "STE-YOUTH"]);
        ListedSuites(await Text(viewer, "/Standards/Suites?q=ste-&sort=code&dir=desc")).ShouldBe(["STE-YOUTH", "STE-PLAY"]);
        ListedSuites(await Text(viewer, "/Standards/Suites?q=ste-&show=archived")).ShouldBe(["STE-OLD"]);
        ListedSuites(await Text(viewer, $"/Standards/Suites?q=ste-&owner={await OrganisationId("Skills for Care")}")).ShouldBe(["STE-PLAY"]);
        ListedSuites(await Text(viewer, "/Standards/Suites?q=ste-&due=overdue")).ShouldBe(["STE-PLAY"]);
        ListedSuites(await Text(viewer, "/Standards/Suites?q=ste-&due=soon")).ShouldBe(["STE-YOUTH"]);
        (await Text(viewer, "/Standards/Suites?q=nothing-like-this")).ShouldContain("No suites found");
        (await Text(viewer, "/Standards/Suites?due=yesterday&q=ste-")).ShouldContain("Choose overdue or due within 3 months, not yesterday");
    }

    [Fact]
    public async Task A_suite_is_added_and_edited_with_its_owner_and_dates_checked()
    {
        using var editor = await site.ClientAsync("editor");
        var sfc = await OrganisationId("Skills for Care");
        var form = await Text(editor, "/Standards/Suites/Edit");
        form.ShouldContain("<optgroup label=\"Sector skills councils and professional bodies\">", customMessage: "likely owners come first");

        var added = await SaveAsync(editor, "/Standards/Suites/Edit", Form(("Input.Code", "SUI-HSC"), ("Input.Title", "Health and Social Care"),
            ("Input.OwnerOrganisationId", sfc.ToString()), ("Input.ApprovedOn", "2012-01-01"), ("Input.ReviewDueOn", "2017-01-01")));
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await SuiteId("SUI-HSC");
        added.Headers.Location!.ToString().ShouldBe($"/Standards/Suites/Details/{id}");
        (await Scalar($"select concat_ws('|', title, owner_organisation_id, approved_on, review_due_on) from nos_suite where id = {id}"))
            .ShouldBe($"Health and Social Care|{sfc}|2012-01-01|2017-01-01");

        var backwards = await SaveAsync(editor, $"/Standards/Suites/Edit/{id}", Form(("Input.Code", "SUI-HSC"), ("Input.Title", "Health and Social Care"),
            ("Input.ApprovedOn", "2012-01-01"), ("Input.ReviewDueOn", "2011-01-01")));
        ShouldShowFieldError(await Text(backwards), "Input.ReviewDueOn", "The review due date must be after the date it was approved");
        var noOwner = await SaveAsync(editor, $"/Standards/Suites/Edit/{id}", Form(("Input.Code", "SUI-HSC"), ("Input.Title", "Health and Social Care"),
            ("Input.OwnerOrganisationId", "987654")));
        ShouldShowFieldError(await Text(noOwner), "Input.OwnerOrganisationId", "Select the owner from the list");
        var noTitle = await SaveAsync(editor, "/Standards/Suites/Edit", Form(("Input.Code", "SUI-X"), ("Input.Title", " ")));
        ShouldShowFieldError(await Text(noTitle), "Input.Title", "Enter the suite's title");

        var clash = await SaveAsync(editor, "/Standards/Suites/Edit", Form(("Input.Code", "sui-hsc"), ("Input.Title", "Another")));
        ShouldShowFieldError(await Text(clash), "Input.Code", "sui-hsc is already the code of the suite Health and Social Care: codes are unique, whatever their capitals");
        (await Count("select count(*) from nos_suite where code = 'SUI-HSC'")).ShouldBe(1);
        (await Scalar($"select concat_ws('|', title, owner_organisation_id, review_due_on) from nos_suite where id = {id}")).ShouldBe($"Health and Social Care|{sfc}|2017-01-01");

        var history = await Text(editor, $"/Standards/Suites/History/{id}");
        history.ShouldContain("Created by user:editor@test.local");
        history.ShouldContain(">Skills for Care<", customMessage: "the owner is named, not numbered");
    }

    [Theory]
    [InlineData("Input.Code", "", "Enter the suite's code, for example SCDHSC")]
    [InlineData("Input.Code", "TWO\nLINES", "The code must be 64 characters or fewer, on one line")]
    [InlineData("Input.Title", "", "Enter the suite's title")]
    [InlineData("Input.ApprovedOn", "2012-13-01", "Enter the date it was approved as YYYY-MM-DD, for example 2012-03-31")]
    [InlineData("Input.ReviewDueOn", "next year", "Enter the date its review is due as YYYY-MM-DD, for example 2017-03-31")]
    [InlineData("Input.ReviewIntervalMonths", "-1", "The review interval must be a whole number of months from 1 to 120")]
    public async Task Each_bad_suite_value_is_shown_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from nos_suite");
        var fields = new Dictionary<string, string> { ["Input.Code"] = "SUITE-VALID", ["Input.Title"] = "Valid suite", [field] = value };
        var response = await SaveAsync(editor, "/Standards/Suites/Edit", fields.ToList());
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldShowFieldError(await Text(response), field, message);
        (await Count("select count(*) from nos_suite")).ShouldBe(before);
    }

    [Fact]
    public async Task Two_editors_saving_the_same_suite_see_a_conflict_naming_the_owner()
    {
        await SuiteWithStandards("SCONC", null);
        var id = await SuiteId("SCONC");
        var path = $"/Standards/Suites/Edit/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("editor");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);
        var owner = await OrganisationId("Skills for Care");
        (await alice.PostRawAsync(path, WithPageState(alicePage, Form(("Input.Code", "SCONC"), ("Input.Title", "Suite SCONC"), ("Input.OwnerOrganisationId", owner.ToString())))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await bob.PostRawAsync(path, WithPageState(bobPage, Form(("Input.Code", "SCONC"), ("Input.Title", "Bob's title"))));
        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this suite while you were editing it");
        html.ShouldContain(">owner<");
        html.ShouldContain(">Skills for Care<");
        (await Scalar($"select title from nos_suite where id = {id}")).ShouldBe("Suite SCONC");
    }

    [Fact]
    public async Task Suites_are_archived_restored_and_bulk_marked_reviewed()
    {
        await SuiteWithStandards("SARC", null, "SARC01|Stays current");
        var id = await SuiteId("SARC");
        using var editor = await site.ClientAsync("editor");
        (await editor.PostFormAsync($"/Standards/Suites/Archive/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Standards/Suites/Archive/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ListedSuites(await Text(editor, "/Standards/Suites?q=sarc")).ShouldBeEmpty();
        Listed(await Text(editor, "/Standards?q=sarc01")).ShouldBe(["SARC01"], "a suite's standards are archived one by one, not with it");
        (await Text(editor, "/Standards/Edit")).ShouldNotContain("SARC Suite SARC", customMessage: "new standards do not go into an archived suite");

        (await editor.PostFormAsync($"/Standards/Suites/Restore/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Standards/Suites/Restore/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ListedSuites(await Text(editor, "/Standards/Suites?q=sarc")).ShouldBe(["SARC"]);

        await editor.PostFormAsync("/Standards/Suites/Bulk?handler=Reviewed", [new("Ids", id.ToString())], formPage: "/Standards/Suites");
        (await Scalar($"select last_reviewed_by from nos_suite where id = {id}")).ShouldBe("editor@test.local");
    }

    [Fact]
    public async Task Viewers_and_planners_may_read_but_not_change_standards()
    {
        await SuiteWithStandards("PERM", null, "PERM01|Read only here");
        var id = await StandardId("PERM01");
        using var viewer = await site.ClientAsync("viewer");
        (await viewer.GetAsync($"/Standards/Edit/{id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await viewer.GetAsync($"/Standards/EditModules/{id}")).Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
        using var planner = await site.ClientAsync("planner");
        var list = await Text(planner, "/Standards?q=perm");
        list.ShouldContain("Export selected as CSV");
        list.ShouldNotContain("Archive selected");
    }
}
