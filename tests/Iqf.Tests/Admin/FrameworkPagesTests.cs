using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Iqf.Tests.Support;
using Npgsql;

namespace Iqf.Tests.Admin;

/// <summary>
/// The level framework pages (frameworks, their levels and equivalences) as in-putters use them,
/// over HTTP against the real site and database. Tests that change records use frameworks they
/// create, or put back what they change, so that the exports can be compared with the seed files.
/// </summary>
public class FrameworkPagesTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);
    private Task<string> Scalar(string sql) => TestPostgres.ScalarAsync<string>(site.ConnectionString, sql);
    private Task Exec(string sql) => TestPostgres.ExecAsync(site.ConnectionString, sql);
    private Task<long> FrameworkId(string code) => Count($"select id::bigint from level_framework where code = '{code}'");
    private Task<long> LevelId(string framework, string code) =>
        Count($"select l.id::bigint from level l join level_framework f on f.id = l.framework_id where f.code = '{framework}' and l.code = '{code}'");

    /// <summary>A framework of the test's own (no levels unless given), so seed frameworks stay as the seed files have them.</summary>
    private async Task<long> NewFramework(string code, params string[] levels)
    {
        await Exec($"insert into level_framework (code, name) values ('{code}', '{code} test framework') on conflict do nothing");
        foreach (var l in levels)
            await Exec($"""
                insert into level (framework_id, code, name, ordinal)
                select id, '{l}', 'Level {l}', {(l.StartsWith("Entry") ? "0" : l)} from level_framework where code = '{code}' on conflict do nothing
                """);
        return await FrameworkId(code);
    }

    private static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    private static async Task<string> Text(SiteClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    private static List<KeyValuePair<string, string>> NewForm(string code, params (string Key, string Value)[] extra)
    {
        var fields = new Dictionary<string, string> { ["Input.Code"] = code, ["Input.Name"] = $"{code} framework", ["next"] = "save" };
        foreach (var (k, v) in extra) fields[k] = v;
        return fields.ToList();
    }

    /// <summary>The edit form of an existing framework as its page would post it unchanged, with some values replaced.</summary>
    private async Task<List<KeyValuePair<string, string>>> CurrentForm(long id, params (string Key, string Value)[] changes)
    {
        await using var conn = new NpgsqlConnection(site.ConnectionString);
        var row = await conn.QuerySingleAsync("""
            select code::text as code, name, coalesce(description, '') as description,
                   coalesce(valid_from::text, '') as valid_from, coalesce(valid_to::text, '') as valid_to
            from level_framework where id = @id
            """, new { id = (int)id });
        var fields = new Dictionary<string, string>
        {
            ["Input.Code"] = row.code, ["Input.Name"] = row.name, ["Input.Description"] = row.description,
            ["Input.ValidFrom"] = row.valid_from, ["Input.ValidTo"] = row.valid_to, ["next"] = "save",
        };
        foreach (var (k, v) in changes) fields[k] = v;
        return fields.ToList();
    }

    private static List<KeyValuePair<string, string>> LevelForm(string code, string name, string ordinal = "", string description = "", string next = "save") =>
        [new("Input.Code", code), new("Input.Name", name), new("Input.Ordinal", ordinal), new("Input.Description", description), new("next", next)];

    /// <summary>Posts a form with the token, version and load time the page (at <paramref name="path"/>) handed out.</summary>
    private static async Task<HttpResponseMessage> SaveAsync(SiteClient client, string path, List<KeyValuePair<string, string>> fields, string? postTo = null)
    {
        var page = await client.GetStringAsync(path);
        return await client.PostRawAsync(postTo ?? path, WithPageState(page, fields));
    }

    private static List<KeyValuePair<string, string>> WithPageState(string page, List<KeyValuePair<string, string>> fields) =>
    [
        .. fields.Where(f => f.Key is not ("Input.Version" or "Input.LoadedAt")),
        new("Input.Version", Hidden(page, "Input.Version")), new("Input.LoadedAt", Hidden(page, "Input.LoadedAt")),
        new("__RequestVerificationToken", SiteClient.Token(page)),
    ];

    private static string Hidden(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"").Groups[1].Value;

    private static List<string> ListedCodes(string html) =>
        Regex.Matches(html, @"/Frameworks/Details/\d+\?returnUrl=[^""]*"">([^<]+)</a>").Select(m => m.Groups[1].Value).ToList();

    private static void ShouldShowFieldError(string html, string field, string message)
    {
        html.ShouldContain("There is a problem");
        html.ShouldContain($"href=\"#{field.Replace('.', '_').Replace('[', '_').Replace(']', '_')}\">{message}");
    }

    /// <summary>The lines of a seed file (an embedded resource of Iqf.Data, as `iqf seed` reads it).</summary>
    private static List<string> SeedLines(string file)
    {
        using var stream = typeof(Iqf.Data.IqfDbContext).Assembly.GetManifestResourceStream($"seed/{file}")!;
        return new StreamReader(stream).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static async Task<List<string>> CsvLines(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        return (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    // ----- the list -----

    [Fact]
    public async Task The_list_finds_frameworks_by_code_or_name_without_regard_to_case_or_accents()
    {
        await Exec("insert into level_framework (code, name) values ('EQF-TEST', 'Cadre Européen des Certifications Test')");
        using var viewer = await site.ClientAsync("viewer");

        ListedCodes(await Text(viewer, "/Frameworks?q=rqf")).ShouldBe(["RQF"]);
        ListedCodes(await Text(viewer, "/Frameworks?q=NHS+career")).ShouldBe(["NHS-CF"]);
        ListedCodes(await Text(viewer, "/Frameworks?q=qualifications+framework")).ShouldBe(["NQF", "NQF-PRE-2004", "RQF"]);
        ListedCodes(await Text(viewer, "/Frameworks?q=EUROPEEN")).ShouldBe(["EQF-TEST"]);
        ListedCodes(await Text(viewer, "/Frameworks?q=cadre+européen")).ShouldBe(["EQF-TEST"]);
        ListedCodes(await Text(viewer, "/Frameworks?q=100%25")).ShouldBeEmpty("a % typed is a character, not a wildcard");
    }

    [Fact]
    public async Task Filters_by_end_date_and_archived_narrow_the_list_and_stay_in_its_links()
    {
        await Exec("insert into level_framework (code, name, archived_at) values ('SHELVED-TEST', 'Shelved test framework', now())");
        using var viewer = await site.ClientAsync("viewer");
        var closed = await Text(viewer, "/Frameworks?status=closed");
        ListedCodes(closed).ShouldBe(["NQF", "NQF-PRE-2004", "QCF"]);
        closed.ShouldContain("status=closed", customMessage: "sorting links keep the filter");

        var current = ListedCodes(await Text(viewer, "/Frameworks?status=current"));
        current.ShouldContain("RQF");
        current.ShouldContain("FHEQ");
        current.ShouldContain("CAREER");
        current.ShouldNotContain("QCF");
        current.ShouldNotContain("SHELVED-TEST", "archived frameworks are not listed unless asked for");

        ListedCodes(await Text(viewer, "/Frameworks?show=archived")).ShouldBe(["SHELVED-TEST"]);
        ListedCodes(await Text(viewer, "/Frameworks?show=all&q=shelved")).ShouldBe(["SHELVED-TEST"]);
    }

    [Fact]
    public async Task A_bad_filter_value_is_explained_and_ignored_and_an_empty_result_says_so()
    {
        using var viewer = await site.ClientAsync("viewer");
        var response = await viewer.GetAsync("/Frameworks?status=sleeping&page=-3&sort=password&dir=sideways");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("Choose current or closed, not sleeping");
        ListedCodes(html).ShouldContain("RQF");

        var none = await Text(viewer, "/Frameworks?q=zzzz-nothing-like-this");
        none.ShouldContain("No frameworks found");
        none.ShouldContain("clear all filters");
    }

    [Fact]
    public async Task The_list_sorts_by_a_column_either_way_counts_levels_and_qualifications_and_pages_fifty_at_a_time()
    {
        using var viewer = await site.ClientAsync("viewer");
        var byName = await Text(viewer, "/Frameworks?status=current&sort=name&dir=asc");
        byName.ShouldContain("aria-sort=\"ascending\"");
        var ascending = ListedCodes(byName);
        ascending.Count.ShouldBeGreaterThan(3);
        ListedCodes(await Text(viewer, "/Frameworks?status=current&sort=name&dir=desc")).ShouldBe(Enumerable.Reverse(ascending).ToList());

        // RQF and QCF have the longest ladders (Entry, Entry 1-3 and 1-8).
        ListedCodes(await Text(viewer, "/Frameworks?sort=levels&dir=desc")).Take(2).Order().ShouldBe(["QCF", "RQF"]);
        var nqf = await FrameworkId("NQF");
        var levelled = await Count($"""
            select count(distinct ql.qualification_id) from qualification_level ql join level l on l.id = ql.level_id
            join qualification q on q.id = ql.qualification_id where l.framework_id = {nqf} and q.archived_at is null
            """);
        levelled.ShouldBeGreaterThan(3);
        (await Text(viewer, "/Frameworks?q=nqf")).ShouldMatch($@">NQF</a>\s*</td>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>9</td>\s*<td[^>]*>{levelled}</td>");

        await Exec("insert into level_framework (code, name) select 'PAGE-' || lpad(n::text, 2, '0'), 'Paging test ' || n from generate_series(1, 50) n");
        try
        {
            var total = await Count("select count(*) from level_framework where archived_at is null");
            var first = await Text(viewer, "/Frameworks?sort=code");
            first.ShouldContain($"Showing 1 to 50 of {total} frameworks");
            ListedCodes(first).Count.ShouldBe(50);
            first.ShouldContain("page=2&sort=code", customMessage: "the next-page link keeps the sort");
            var second = ListedCodes(await Text(viewer, "/Frameworks?sort=code&page=2"));
            second.Count.ShouldBe((int)total - 50);
            second.Intersect(ListedCodes(first)).ShouldBeEmpty();
            (await Text(viewer, "/Frameworks?sort=code&page=9")).ShouldContain("No frameworks found");
        }
        finally
        {
            await Exec("delete from level_framework where code like 'PAGE-%'");
        }
    }

    // ----- details -----

    [Fact]
    public async Task The_details_show_the_ladder_in_order_with_what_is_levelled_at_each_level_and_its_equivalences()
    {
        using var viewer = await site.ClientAsync("viewer");
        var nqf = await FrameworkId("NQF");
        var html = await Text(viewer, $"/Frameworks/Details/{nqf}");
        html.ShouldContain("National Qualifications Framework (revised 2004)");
        html.ShouldContain(">1 September 2004 to 30 September 2015<");

        var rows = Regex.Matches(html, "id=\"level-(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value)).ToList();
        var ladder = await Scalar($"select string_agg(id::text, ',' order by ordinal) from level where framework_id = {nqf}");
        string.Join(",", rows).ShouldBe(ladder, "the ladder runs from Entry up");

        var level3 = await LevelId("NQF", "3");
        var qualifications = await Count($"select count(*) from qualification_level ql join qualification q on q.id = ql.qualification_id where ql.level_id = {level3} and q.archived_at is null");
        var modules = await Count($"select count(*) from module where level_id = {level3} and archived_at is null");
        qualifications.ShouldBeGreaterThan(0);
        modules.ShouldBeGreaterThan(0);
        var row = Regex.Match(html, $"id=\"level-{level3}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        row.ShouldContain($"href=\"/Qualifications?framework=NQF&level=3\">{qualifications}<span");
        row.ShouldContain($">{modules}</td>");
        row.ShouldContain($"href=\"/Frameworks/Details/{await FrameworkId("RQF")}#level-{await LevelId("RQF", "3")}\">RQF 3</a>");
        row.ShouldContain(">NQF-PRE-2004 3</a>");
        row.ShouldContain(">CAREER 2 Support Workers</a>");
        html.ShouldContain("same number");
        html.ShouldContain("004 L1936-1966");
        html.ShouldNotContain(">Edit</a>", customMessage: "a viewer is not offered editing");
        html.ShouldNotContain("EditLevel");

        (await Text(viewer, "/Qualifications?framework=NQF&level=3")).ShouldContain($"of {qualifications} qualifications", customMessage: "the link lists the same qualifications");

        using var editor = await site.ClientAsync("editor");
        var editing = await Text(editor, $"/Frameworks/Details/{nqf}");
        editing.ShouldContain($"/Frameworks/EditLevel?levelId={level3}");
        editing.ShouldContain($"/Frameworks/EditEquivalences?levelId={level3}");
        editing.ShouldContain($"/Frameworks/EditLevel?frameworkId={nqf}");
        editing.ShouldNotContain("DeleteLevel", customMessage: "deleting is for administrators");
    }

    // ----- adding and editing a framework -----

    [Fact]
    public async Task Adding_a_framework_saves_it_in_capitals_and_records_who_did_it()
    {
        using var editor = await site.ClientAsync("editor");
        var response = await SaveAsync(editor, "/Frameworks/Edit", NewForm("scqf-test",
            ("Input.Name", "  Scottish Credit and Qualifications Framework Test "), ("Input.Description", "Twelve levels."),
            ("Input.ValidFrom", "2001-01-01")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await FrameworkId("SCQF-TEST");
        response.Headers.Location!.ToString().ShouldBe($"/Frameworks/Details/{id}");
        (await Scalar($"select concat_ws('|', code, name, description, valid_from, valid_to) from level_framework where id = {id}"))
            .ShouldBe("SCQF-TEST|Scottish Credit and Qualifications Framework Test|Twelve levels.|2001-01-01");
        (await Scalar($"select actor from history where table_name = 'level_framework' and row_key = jsonb_build_object('id', {id})")).ShouldBe("user:editor@test.local");
        ListedCodes(await Text(editor, "/Frameworks?q=scottish")).ShouldBe(["SCQF-TEST"]);

        var another = await SaveAsync(editor, "/Frameworks/Edit?returnUrl=%2FFrameworks%3Fstatus%3Dcurrent", NewForm("ANOTHER-TEST", ("next", "another")));
        another.Headers.Location!.ToString().ShouldBe("/Frameworks/Edit?returnUrl=%2FFrameworks%3Fstatus%3Dcurrent");
        var back = await SaveAsync(editor, $"/Frameworks/Edit/{await FrameworkId("ANOTHER-TEST")}?returnUrl=%2FFrameworks%3Fstatus%3Dcurrent",
            await CurrentForm(await FrameworkId("ANOTHER-TEST"), ("Input.Name", "Another test, renamed")));
        back.Headers.Location!.ToString().ShouldBe("/Frameworks?status=current", "back to the list as the editor left it");
    }

    [Theory]
    [InlineData("Input.Code", "", "Enter the framework's code")]
    [InlineData("Input.Code", "1QF", "Enter the code as 2 to 32 capital letters, digits and hyphens, starting with a letter")]
    [InlineData("Input.Code", "Q", "Enter the code as 2 to 32 capital letters, digits and hyphens, starting with a letter")]
    [InlineData("Input.Code", "RQF 2015", "Enter the code as 2 to 32 capital letters, digits and hyphens, starting with a letter")]
    [InlineData("Input.Code", "RQF_2015", "Enter the code as 2 to 32 capital letters, digits and hyphens, starting with a letter")]
    [InlineData("Input.Name", " ", "Enter the framework's name")]
    [InlineData("Input.ValidFrom", "01/10/2015", "Enter the date it came into use as YYYY-MM-DD")]
    [InlineData("Input.ValidTo", "2015-02-30", "Enter the date it closed as YYYY-MM-DD")]
    public async Task Each_bad_value_is_shown_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from level_framework");
        var response = await SaveAsync(editor, "/Frameworks/Edit", NewForm("BAD-VALUE-TEST", (field, value)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        ShouldShowFieldError(html, field, message);
        html.ShouldContain($"<p id=\"{field.Replace('.', '_')}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {message}");
        (await Count("select count(*) from level_framework")).ShouldBe(before);
    }

    [Fact]
    public async Task Dates_in_the_wrong_order_are_refused()
    {
        using var editor = await site.ClientAsync("editor");
        var response = await SaveAsync(editor, "/Frameworks/Edit", NewForm("BACKWARDS-TEST", ("Input.ValidFrom", "2012-01-01"), ("Input.ValidTo", "2011-12-31")));
        ShouldShowFieldError(await Text(response), "Input.ValidTo", "The date it closed must be on or after the date it came into use");
        (await Count("select count(*) from level_framework where code = 'BACKWARDS-TEST'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_code_already_in_use_is_refused_whatever_its_capitals_and_the_career_code_stays_while_roles_use_it()
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from level_framework");
        ShouldShowFieldError(await Text(await SaveAsync(editor, "/Frameworks/Edit", NewForm("rqf"))),
            "Input.Code", "The code RQF is already used by RQF Regulated Qualifications Framework");
        (await Count("select count(*) from level_framework")).ShouldBe(before);

        var mine = await NewFramework("RENAME-TEST");
        (await Text(await SaveAsync(editor, $"/Frameworks/Edit/{mine}", await CurrentForm(mine, ("Input.Code", "Fheq")))))
            .ShouldContain("The code FHEQ is already used by FHEQ Framework for Higher Education Qualifications");

        var career = await FrameworkId("CAREER");
        var roles = await Count("select count(*) from job_role where career_level is not null");
        ShouldShowFieldError(await Text(await SaveAsync(editor, $"/Frameworks/Edit/{career}", await CurrentForm(career, ("Input.Code", "CAREER-2005")))),
            "Input.Code", $"The code must stay CAREER: {roles} job roles find the names of their career level under it");
        (await Scalar($"select code::text from level_framework where id = {career}")).ShouldBe("CAREER");
    }

    [Fact]
    public async Task A_constraint_the_database_enforces_after_the_page_checked_becomes_a_field_error_not_a_500()
    {
        // As if another save took the code between the page's check and its insert.
        await Exec("""
            create function test_race_framework() returns trigger language plpgsql as $$
            begin
              if new.code = 'RACE-TEST' then
                raise exception 'duplicate key value violates unique constraint' using errcode = '23505', constraint = 'level_framework_code_key';
              end if;
              return new;
            end $$;
            create trigger test_race_framework before insert on level_framework for each row execute function test_race_framework();
            """);
        try
        {
            using var editor = await site.ClientAsync("editor");
            var response = await SaveAsync(editor, "/Frameworks/Edit", NewForm("RACE-TEST"));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            ShouldShowFieldError(await Text(response), "Input.Code", "A framework with the code RACE-TEST was added a moment ago");
        }
        finally
        {
            await Exec("drop trigger test_race_framework on level_framework; drop function test_race_framework();");
        }
    }

    [Fact]
    public async Task Two_editors_saving_the_same_framework_never_overwrite_each_other()
    {
        var id = await FrameworkId("NHS-CF");
        var path = $"/Frameworks/Edit/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);
        var originalName = await Scalar($"select name from level_framework where id = {id}");
        var originalDescription = await Scalar($"select description from level_framework where id = {id}");
        var changesBefore = await Count($"select count(*) from history where table_name = 'level_framework' and row_key = jsonb_build_object('id', {id})");

        (await alice.PostRawAsync(path, WithPageState(alicePage, await CurrentForm(id, ("Input.Name", "NHS Career Framework (Alice)"))))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var bobForm = await CurrentForm(id, ("Input.Name", originalName), ("Input.Description", "Bob's description"));
        var conflict = await bob.PostRawAsync(path, WithPageState(bobPage, bobForm));

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this framework while you were editing it");
        Regex.IsMatch(html, @"<td class=""govuk-table__cell"">name</td>\s*<td[^>]*>NHS Career Framework \(Alice\)</td>\s*<td[^>]*>user:editor@test.local at").ShouldBeTrue(html);
        html.ShouldContain(">Bob's description</textarea>", customMessage: "Bob's own change is still in the form");
        (await Scalar($"select description from level_framework where id = {id}")).ShouldBe(originalDescription);
        (await Count($"select count(*) from history where table_name = 'level_framework' and row_key = jsonb_build_object('id', {id})")).ShouldBe(changesBefore + 1);

        // Having read Alice's change, Bob saves again from the conflict page: his values win, knowingly.
        (await bob.PostRawAsync(path, WithPageState(await conflict.Content.ReadAsStringAsync(), bobForm))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select name || '|' || description from level_framework where id = {id}")).ShouldBe($"{originalName}|Bob's description");
        await Exec($"update level_framework set description = '{originalDescription.Replace("'", "''")}' where id = {id}");
    }

    // ----- archive, bulk, export, history, delete -----

    [Fact]
    public async Task Archiving_hides_a_framework_from_the_list_and_restoring_brings_it_back()
    {
        var id = await NewFramework("ARCHIVE-TEST");
        using var editor = await site.ClientAsync("editor");
        var stale = await editor.PostFormAsync($"/Frameworks/Archive/{id}", [new("Version", "1")]);
        (await Text(stale)).ShouldContain("Someone else changed this record after you opened this page");

        (await editor.PostFormAsync($"/Frameworks/Archive/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Frameworks/Archive/{id}"), "Version"))]))
            .Headers.Location!.ToString().ShouldBe($"/Frameworks/Details/{id}");
        ListedCodes(await Text(editor, "/Frameworks?q=archive-test")).ShouldBeEmpty();
        ListedCodes(await Text(editor, "/Frameworks?q=archive-test&show=archived")).ShouldBe(["ARCHIVE-TEST"]);
        (await Text(editor, $"/Frameworks/Details/{id}")).ShouldContain("Archived on");

        (await editor.PostFormAsync($"/Frameworks/Restore/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Frameworks/Restore/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ListedCodes(await Text(editor, "/Frameworks?q=archive-test")).ShouldBe(["ARCHIVE-TEST"]);
        (await Count($"""
            select count(*) from history where table_name = 'level_framework' and row_key = jsonb_build_object('id', {id})
              and 'archived_at' = any (changed_fields) and actor = 'user:editor@test.local'
            """)).ShouldBe(2);
    }

    [Fact]
    public async Task Bulk_actions_archive_and_restore_the_selection_and_return_to_the_list()
    {
        using var editor = await site.ClientAsync("editor");
        var ids = new[] { await NewFramework("BULK-A-TEST"), await NewFramework("BULK-B-TEST") };
        var selection = ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())).ToList();

        var archived = await editor.PostFormAsync("/Frameworks/Bulk?handler=Archive", [.. selection, new("ReturnUrl", "/Frameworks?q=bulk")], formPage: "/Frameworks");
        archived.Headers.Location!.ToString().ShouldBe("/Frameworks?q=bulk");
        (await Count($"select count(*) from level_framework where id in ({ids[0]}, {ids[1]}) and archived_at is not null")).ShouldBe(2);

        (await editor.PostFormAsync("/Frameworks/Bulk?handler=Restore", [.. selection, new("ReturnUrl", "//evil.example/")], formPage: "/Frameworks"))
            .Headers.Location!.ToString().ShouldBe("/Frameworks");
        (await Count($"select count(*) from level_framework where id in ({ids[0]}, {ids[1]}) and archived_at is null")).ShouldBe(2);
        (await Count($"select count(*) from history where table_name = 'level_framework' and (row_key ->> 'id')::int in ({ids[0]}, {ids[1]}) and actor = 'user:editor@test.local'"))
            .ShouldBe(4);

        var nothing = await editor.PostFormAsync("/Frameworks/Bulk?handler=Archive", [], formPage: "/Frameworks");
        nothing.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Selected_frameworks_their_levels_and_equivalences_export_in_the_seed_file_formats()
    {
        using var planner = await site.ClientAsync("planner");
        var fheq = await FrameworkId("FHEQ");
        var career = await FrameworkId("CAREER");
        var frameworks = await CsvLines(await planner.PostFormAsync("/Frameworks/Export", [new("Ids", fheq.ToString()), new("Ids", career.ToString())], formPage: "/Frameworks"));
        var seedFrameworks = SeedLines("level_frameworks.csv");
        frameworks.ShouldBe([seedFrameworks[0], .. seedFrameworks.Where(l => l.StartsWith("FHEQ,") || l.StartsWith("CAREER,"))]);

        var seedLevels = SeedLines("levels.csv");
        (await CsvLines(await planner.PostFormAsync("/Frameworks/ExportLevels", [new("Ids", fheq.ToString())], formPage: "/Frameworks")))
            .ShouldBe([seedLevels[0], .. seedLevels.Where(l => l.StartsWith("FHEQ,"))]);

        var seedEquivalences = SeedLines("level_equivalences.csv");
        (await CsvLines(await planner.PostFormAsync("/Frameworks/ExportEquivalences", [new("Ids", fheq.ToString())], formPage: "/Frameworks")))
            .ShouldBe([seedEquivalences[0], .. seedEquivalences.Where(l => l.Contains(",FHEQ,"))]);

        var nothing = await planner.PostFormAsync("/Frameworks/Export", [], formPage: "/Frameworks");
        nothing.StatusCode.ShouldBe(HttpStatusCode.Redirect, "nothing selected: back to the list with a message");
    }

    [Fact]
    public async Task The_history_shows_the_framework_its_levels_and_their_equivalences_with_who_changed_them()
    {
        using var editor = await site.ClientAsync("editor");
        var id = await NewFramework("HISTORY-TEST");
        (await SaveAsync(editor, $"/Frameworks/Edit/{id}", await CurrentForm(id, ("Input.Name", "History test, renamed")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await SaveAsync(editor, $"/Frameworks/EditLevel?frameworkId={id}", LevelForm("3", "Level 3"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var level = await LevelId("HISTORY-TEST", "3");
        (await SaveAsync(editor, $"/Frameworks/EditLevel?levelId={level}", LevelForm("3", "Third rung", "3"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var rqf3 = await LevelId("RQF", "3");
        (await SaveAsync(editor, $"/Frameworks/EditEquivalences?levelId={level}", [new("Input.OtherLevelId", rqf3.ToString()), new("Input.Note", "test note")],
            postTo: $"/Frameworks/EditEquivalences?levelId={level}&handler=Add")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var history = await Text(editor, $"/Frameworks/History/{id}");
        history.ShouldContain("Created by ");
        history.ShouldContain("Changed by user:editor@test.local");
        history.ShouldContain(">History test, renamed<");
        history.ShouldContain("Added level 3 by user:editor@test.local");
        history.ShouldContain("Changed level 3 by user:editor@test.local");
        history.ShouldContain(">Third rung<");
        history.ShouldContain("Added level equivalence by user:editor@test.local");
        history.ShouldContain(">RQF 3<", customMessage: "the levels of an equivalence are named, not numbered");
        history.ShouldContain(">test note<");
    }

    [Fact]
    public async Task Delete_is_refused_while_qualifications_modules_or_roles_use_the_frameworks_levels()
    {
        using var admin = await site.ClientAsync("admin");
        var nqf = await FrameworkId("NQF");
        var page = await Text(admin, $"/Frameworks/Delete/{nqf}");
        page.ShouldContain("cannot be deleted");
        page.ShouldMatch(@"\d+ qualifications are levelled in it");
        page.ShouldMatch(@"\d+ modules are in it");
        (await admin.PostFormAsync($"/Frameworks/Delete/{nqf}", [], formPage: $"/Frameworks/Details/{nqf}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count($"select count(*) from level where framework_id = {nqf}")).ShouldBe(9);

        var roles = await Count("select count(*) from job_role where career_level is not null");
        (await Text(admin, $"/Frameworks/Delete/{await FrameworkId("CAREER")}")).ShouldContain($"{roles} job roles have their career level in it");
    }

    [Fact]
    public async Task Delete_of_an_unused_framework_takes_its_levels_and_equivalences_and_keeps_the_history()
    {
        using var editor = await site.ClientAsync("editor");
        var id = await NewFramework("MISTAKE-TEST", "1", "2");
        var level = await LevelId("MISTAKE-TEST", "1");
        (await SaveAsync(editor, $"/Frameworks/EditEquivalences?levelId={level}", [new("Input.OtherLevelId", (await LevelId("QCF", "1")).ToString())],
            postTo: $"/Frameworks/EditEquivalences?levelId={level}&handler=Add")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        using var admin = await site.ClientAsync("admin");
        (await Text(admin, $"/Frameworks/Delete/{id}")).ShouldContain("Its 2 levels and its 1 equivalence with another framework are deleted with it");
        var deleted = await admin.PostFormAsync($"/Frameworks/Delete/{id}", [], formPage: $"/Frameworks/Delete/{id}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        deleted.Headers.Location!.ToString().ShouldBe("/Frameworks");

        (await Count($"select count(*) from level_framework where id = {id}")).ShouldBe(0);
        (await Count($"select count(*) from level where framework_id = {id}")).ShouldBe(0);
        (await Count($"select count(*) from level_equivalence where {level} in (level_a_id, level_b_id)")).ShouldBe(0);
        (await Count($"""
            select count(*) from history where operation = 'D' and actor = 'user:admin@test.local'
              and ((table_name = 'level_framework' and row_key = jsonb_build_object('id', {id}))
                or (table_name = 'level' and (before ->> 'framework_id')::int = {id})
                or (table_name = 'level_equivalence' and {level} in ((row_key ->> 'level_a_id')::int, (row_key ->> 'level_b_id')::int)))
            """)).ShouldBe(4, "the framework, its two levels and the equivalence");
        var history = await Text(admin, $"/Frameworks/History/{id}");
        history.ShouldContain("MISTAKE-TEST");
        history.ShouldContain("Deleted by user:admin@test.local");
        history.ShouldContain("Removed level 1 by user:admin@test.local");
    }

    [Theory]
    [InlineData("/Frameworks/Details/987654")]
    [InlineData("/Frameworks/Edit/987654")]
    [InlineData("/Frameworks/History/987654")]
    [InlineData("/Frameworks/Archive/987654")]
    [InlineData("/Frameworks/Restore/987654")]
    [InlineData("/Frameworks/Delete/987654")]
    [InlineData("/Frameworks/Details/not-a-number")]
    [InlineData("/Frameworks/EditLevel")]
    [InlineData("/Frameworks/EditLevel?frameworkId=987654")]
    [InlineData("/Frameworks/EditLevel?levelId=987654")]
    [InlineData("/Frameworks/EditLevel?levelId=three")]
    [InlineData("/Frameworks/ArchiveLevel?levelId=987654")]
    [InlineData("/Frameworks/RestoreLevel?levelId=987654")]
    [InlineData("/Frameworks/DeleteLevel?levelId=987654")]
    [InlineData("/Frameworks/DeleteLevel")]
    [InlineData("/Frameworks/EditEquivalences?levelId=987654")]
    [InlineData("/Frameworks/EditEquivalences")]
    public async Task An_unknown_framework_or_level_is_a_404_page(string path)
    {
        using var admin = await site.ClientAsync("admin");
        var response = await admin.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Page not found");
    }

    [Fact]
    public async Task Saving_an_unknown_framework_or_level_is_a_404_not_a_new_record()
    {
        using var editor = await site.ClientAsync("editor");
        var frameworks = await Count("select count(*) from level_framework");
        var levels = await Count("select count(*) from level");
        (await editor.PostFormAsync("/Frameworks/Edit/987654", NewForm("GHOST-TEST"), formPage: "/Frameworks/Edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await editor.PostFormAsync("/Frameworks/EditLevel?frameworkId=987654", LevelForm("3", "Ghost"), formPage: "/Frameworks/Edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await editor.PostFormAsync("/Frameworks/EditLevel?levelId=987654", LevelForm("3", "Ghost"), formPage: "/Frameworks/Edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Count("select count(*) from level_framework")).ShouldBe(frameworks);
        (await Count("select count(*) from level")).ShouldBe(levels);
    }

    // ----- levels -----

    [Fact]
    public async Task Levels_are_added_and_edited_with_codes_and_ordinals_unique_within_their_framework()
    {
        using var editor = await site.ClientAsync("editor");
        var id = await NewFramework("LADDER-TEST");
        var add = $"/Frameworks/EditLevel?frameworkId={id}";

        var first = await SaveAsync(editor, add, LevelForm(" level 3 ", "Level 3"));
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var three = await LevelId("LADDER-TEST", "3");
        first.Headers.Location!.ToString().ShouldBe($"/Frameworks/Details/{id}#level-{three}");
        (await Scalar($"select code::text || '|' || name || '|' || ordinal from level where id = {three}")).ShouldBe("3|Level 3|3", "the code is stored in its one spelling and the ordinal follows it");
        (await Scalar($"select actor from history where table_name = 'level' and row_key = jsonb_build_object('id', {three})")).ShouldBe("user:editor@test.local");

        var another = await SaveAsync(editor, add, LevelForm("entry 2", "Entry 2", next: "another"));
        another.Headers.Location!.ToString().ShouldBe($"/Frameworks/EditLevel?frameworkId={id}");
        (await Scalar($"select ordinal::text from level where framework_id = {id} and code = 'Entry 2'")).ShouldBe("-2");

        var before = await Count($"select count(*) from level where framework_id = {id}");
        ShouldShowFieldError(await Text(await SaveAsync(editor, add, LevelForm("3", "Level three again", "7"))), "Input.Code", "LADDER-TEST already has a level 3 (Level 3)");
        ShouldShowFieldError(await Text(await SaveAsync(editor, add, LevelForm("4", "Level 4", "3"))), "Input.Ordinal",
            "Ordinal 3 is already that of LADDER-TEST 3 (Level 3): each level has its own rung");
        ShouldShowFieldError(await Text(await SaveAsync(editor, add, LevelForm("Entry 2", "Entry two", "5"))), "Input.Code", "LADDER-TEST already has a level Entry 2 (Entry 2)");
        (await Count($"select count(*) from level where framework_id = {id}")).ShouldBe(before);

        // Another framework's level 3 is no clash, and an existing level keeps its own code and ordinal.
        var edit = await SaveAsync(editor, $"/Frameworks/EditLevel?levelId={three}", LevelForm("3", "Support practitioner", "3", "A test description", next: "continue"));
        edit.Headers.Location!.ToString().ShouldBe($"/Frameworks/EditLevel?levelId={three}");
        (await Text(editor, $"/Frameworks/Details/{id}")).ShouldContain("3: Support practitioner");
    }

    [Theory]
    [InlineData("Input.Code", "", "Enter the level's code")]
    [InlineData("Input.Code", "Level 10", "Enter the level as Entry, Entry 1 to Entry 3, or a digit from 0 to 9, for example 3")]
    [InlineData("Input.Code", "Entry 4", "Enter the level as Entry, Entry 1 to Entry 3, or a digit from 0 to 9, for example 3")]
    [InlineData("Input.Code", "1/2", "Enter the level as Entry, Entry 1 to Entry 3, or a digit from 0 to 9, for example 3")]
    [InlineData("Input.Name", "", "Enter the level's name")]
    [InlineData("Input.Ordinal", "10", "The ordinal must be a whole number from -3 (Entry 1) to 9, or left empty")]
    [InlineData("Input.Ordinal", "-4", "The ordinal must be a whole number from -3 (Entry 1) to 9, or left empty")]
    [InlineData("Input.Ordinal", "two", "The ordinal must be a whole number from -3 (Entry 1) to 9, or left empty")]
    public async Task Each_bad_level_value_is_shown_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        using var editor = await site.ClientAsync("editor");
        var id = await NewFramework("BAD-LEVEL-TEST");
        var fields = LevelForm("5", "Level 5").Select(f => f.Key == field ? new KeyValuePair<string, string>(field, value) : f).ToList();
        var response = await SaveAsync(editor, $"/Frameworks/EditLevel?frameworkId={id}", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldShowFieldError(await Text(response), field, message);
        (await Count($"select count(*) from level where framework_id = {id}")).ShouldBe(0);
    }

    [Fact]
    public async Task A_level_constraint_the_database_enforces_after_the_page_checked_becomes_a_field_error()
    {
        var id = await NewFramework("RACE-LEVEL-TEST");
        await Exec("""
            create function test_race_level() returns trigger language plpgsql as $$
            begin
              if new.name = 'Racing level' then
                raise exception 'duplicate key value violates unique constraint' using errcode = '23505', constraint = 'level_framework_id_ordinal_key';
              end if;
              return new;
            end $$;
            create trigger test_race_level before insert on level for each row execute function test_race_level();
            """);
        try
        {
            using var editor = await site.ClientAsync("editor");
            var response = await SaveAsync(editor, $"/Frameworks/EditLevel?frameworkId={id}", LevelForm("2", "Racing level"));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            ShouldShowFieldError(await Text(response), "Input.Ordinal", "Another level of RACE-LEVEL-TEST took this ordinal a moment ago");
            (await Count($"select count(*) from level where framework_id = {id}")).ShouldBe(0);
        }
        finally
        {
            await Exec("drop trigger test_race_level on level; drop function test_race_level();");
        }
    }

    [Fact]
    public async Task A_career_level_keeps_its_ordinal_while_job_roles_hold_it_by_number()
    {
        using var editor = await site.ClientAsync("editor");
        var level = await LevelId("CAREER", "2");
        var roles = await Count("select count(*) from job_role where career_level = 2");
        roles.ShouldBeGreaterThan(0);
        var name = await Scalar($"select name from level where id = {level}");
        ShouldShowFieldError(await Text(await SaveAsync(editor, $"/Frameworks/EditLevel?levelId={level}", LevelForm("2", name, "7"))),
            "Input.Ordinal", $"The ordinal must stay 2: {roles} job roles hold career level 2 by that number");
        (await Scalar($"select ordinal::text from level where id = {level}")).ShouldBe("2");
    }

    [Fact]
    public async Task Two_editors_saving_the_same_level_never_overwrite_each_other()
    {
        await NewFramework("RACE-EDIT-TEST", "4");
        var level = await LevelId("RACE-EDIT-TEST", "4");
        var path = $"/Frameworks/EditLevel?levelId={level}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("editor");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);

        (await alice.PostRawAsync(path, WithPageState(alicePage, LevelForm("4", "Alice's name", "4")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await bob.PostRawAsync(path, WithPageState(bobPage, LevelForm("4", "Level 4", "4", "Bob's description")));
        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this level while you were editing it");
        html.ShouldContain(">Alice's name</td>");
        (await Scalar($"select name || '|' || coalesce(description, '') from level where id = {level}")).ShouldBe("Alice's name|");
        (await Count($"select count(*) from history where table_name = 'level' and row_key = jsonb_build_object('id', {level}) and operation = 'U'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_level_in_use_can_be_archived_and_restored_but_not_deleted()
    {
        var level = await LevelId("NQF-PRE-2004", "3");
        var framework = await FrameworkId("NQF-PRE-2004");
        using var editor = await site.ClientAsync("editor");
        var page = await Text(editor, $"/Frameworks/ArchiveLevel?levelId={level}");
        page.ShouldContain("Archive NQF-PRE-2004 3?");
        page.ShouldContain("Qualifications and modules already at this level keep it");
        var archived = await editor.PostFormAsync($"/Frameworks/ArchiveLevel?levelId={level}", [new("Version", Hidden(page, "Version"))]);
        archived.Headers.Location!.ToString().ShouldBe($"/Frameworks/Details/{framework}#level-{level}");
        (await Count($"select count(*) from level where id = {level} and archived_at is not null")).ShouldBe(1);
        Regex.Match(await Text(editor, $"/Frameworks/Details/{framework}"), $"id=\"level-{level}\">(.*?)</th>", RegexOptions.Singleline).Groups[1].Value
            .ShouldContain("Archived");

        var restore = await Text(editor, $"/Frameworks/RestoreLevel?levelId={level}");
        (await editor.PostFormAsync($"/Frameworks/RestoreLevel?levelId={level}", [new("Version", Hidden(restore, "Version"))])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from level where id = {level} and archived_at is null")).ShouldBe(1);

        using var admin = await site.ClientAsync("admin");
        var delete = await Text(admin, $"/Frameworks/DeleteLevel?levelId={level}");
        delete.ShouldContain("Delete NQF-PRE-2004 level 3 permanently?");
        delete.ShouldContain("cannot be deleted");
        delete.ShouldMatch(@"\d+ qualifications? (is|are) levelled at it");
        delete.ShouldMatch(@"\d+ modules? (is|are) at it");
        (await admin.PostFormAsync($"/Frameworks/DeleteLevel?levelId={level}", [], formPage: $"/Frameworks/DeleteLevel?levelId={level}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count($"select count(*) from level where id = {level}")).ShouldBe(1);

        var roles = await Count("select count(*) from job_role where career_level = 1");
        (await Text(admin, $"/Frameworks/DeleteLevel?levelId={await LevelId("CAREER", "1")}")).ShouldContain($"{roles} job roles have their career level at it");
    }

    [Fact]
    public async Task An_unused_level_is_deleted_with_its_equivalences_and_the_history_keeps_them()
    {
        var framework = await NewFramework("UNUSED-TEST", "6");
        var level = await LevelId("UNUSED-TEST", "6");
        var rqf6 = await LevelId("RQF", "6");
        await Exec($"insert into level_equivalence (level_a_id, level_b_id, note) values ({Math.Min(level, rqf6)}, {Math.Max(level, rqf6)}, 'to go')");
        using var admin = await site.ClientAsync("admin");
        (await Text(admin, $"/Frameworks/DeleteLevel?levelId={level}")).ShouldContain("Its 1 equivalence with another framework is deleted with it");
        var deleted = await admin.PostFormAsync($"/Frameworks/DeleteLevel?levelId={level}", [], formPage: $"/Frameworks/DeleteLevel?levelId={level}");
        deleted.Headers.Location!.ToString().ShouldBe($"/Frameworks/Details/{framework}#levels");
        (await Count($"select count(*) from level where id = {level}")).ShouldBe(0);
        (await Count($"select count(*) from level_equivalence where {level} in (level_a_id, level_b_id)")).ShouldBe(0);
        (await Count($"select count(*) from level where id = {rqf6}")).ShouldBe(1);
        var history = await Text(admin, $"/Frameworks/History/{framework}");
        history.ShouldContain("Removed level 6 by user:admin@test.local");
        history.ShouldContain("Removed level equivalence by user:admin@test.local");
    }

    // ----- equivalences -----

    [Fact]
    public async Task Equivalences_are_added_once_for_both_levels_and_removed_after_confirming()
    {
        await NewFramework("EQUIV-TEST", "3", "4");
        var mine = await LevelId("EQUIV-TEST", "3");
        var sibling = await LevelId("EQUIV-TEST", "4");
        var rqf3 = await LevelId("RQF", "3");
        var page = $"/Frameworks/EditEquivalences?levelId={mine}";
        var add = page + "&handler=Add";
        using var editor = await site.ClientAsync("editor");

        var added = await SaveAsync(editor, page, [new("Input.OtherLevelId", rqf3.ToString()), new("Input.Note", " broadly the same "), new("Input.Source", "test source")], postTo: add);
        added.Headers.Location!.ToString().ShouldBe(page);
        // Stored once, lower id first, whichever side it was entered from.
        (await Scalar($"select level_a_id || '|' || level_b_id || '|' || note || '|' || source from level_equivalence where {mine} in (level_a_id, level_b_id)"))
            .ShouldBe($"{Math.Min(mine, rqf3)}|{Math.Max(mine, rqf3)}|broadly the same|test source");
        var after = await Text(editor, page);
        after.ShouldContain(">RQF 3</a>");
        after.ShouldNotContain($"<option value=\"{rqf3}\">", customMessage: "a level already equivalent is not offered again");
        after.ShouldContain($"<option value=\"{await LevelId("QCF", "3")}\">QCF 3</option>");
        var fromRqf = await Text(editor, $"/Frameworks/EditEquivalences?levelId={rqf3}");
        fromRqf.ShouldContain(">EQUIV-TEST 3</a>", customMessage: "an equivalence shows on both levels");
        fromRqf.ShouldContain("broadly the same");

        var before = await Count("select count(*) from level_equivalence");
        ShouldShowFieldError(await Text(await SaveAsync(editor, $"/Frameworks/EditEquivalences?levelId={rqf3}", [new("Input.OtherLevelId", mine.ToString())],
            postTo: $"/Frameworks/EditEquivalences?levelId={rqf3}&handler=Add")), "Input.OtherLevelId", "RQF 3 and EQUIV-TEST 3 are already recorded as equivalent");
        ShouldShowFieldError(await Text(await SaveAsync(editor, page, [new("Input.OtherLevelId", mine.ToString())], postTo: add)),
            "Input.OtherLevelId", "A level cannot be equivalent to itself");
        ShouldShowFieldError(await Text(await SaveAsync(editor, page, [new("Input.OtherLevelId", sibling.ToString())], postTo: add)),
            "Input.OtherLevelId", "EQUIV-TEST 4 is in EQUIV-TEST too: equivalences link levels of different frameworks");
        ShouldShowFieldError(await Text(await SaveAsync(editor, page, [new("Input.OtherLevelId", "")], postTo: add)), "Input.OtherLevelId", "Select the level it is equivalent to");
        ShouldShowFieldError(await Text(await SaveAsync(editor, page, [new("Input.OtherLevelId", "987654")], postTo: add)), "Input.OtherLevelId", "Select a level from the list");
        ShouldShowFieldError(await Text(await SaveAsync(editor, page, [new("Input.OtherLevelId", rqf3.ToString()), new("Input.Source", new string('s', 301))], postTo: add)),
            "Input.Source", "The source must be 300 characters or fewer");
        await NewFramework("RETIRED-EQ-TEST", "5");
        await Exec($"update level set archived_at = now() where id = {await LevelId("RETIRED-EQ-TEST", "5")}");
        ShouldShowFieldError(await Text(await SaveAsync(editor, page, [new("Input.OtherLevelId", (await LevelId("RETIRED-EQ-TEST", "5")).ToString())], postTo: add)),
            "Input.OtherLevelId", "RETIRED-EQ-TEST 5 is archived: restore it before recording equivalences with it");
        (await Count("select count(*) from level_equivalence")).ShouldBe(before);

        var confirm = await Text(editor, $"{page}&remove={rqf3}");
        confirm.ShouldContain("Remove the equivalence between EQUIV-TEST 3 and RQF 3?");
        var removed = await SaveAsync(editor, $"{page}&remove={rqf3}", [new("otherLevelId", rqf3.ToString())], postTo: page + "&handler=Remove");
        removed.Headers.Location!.ToString().ShouldBe(page);
        (await Count($"select count(*) from level_equivalence where {mine} in (level_a_id, level_b_id)")).ShouldBe(0);
        (await Count($"""
            select count(*) from history where table_name = 'level_equivalence' and actor = 'user:editor@test.local'
              and row_key = jsonb_build_object('level_a_id', {Math.Min(mine, rqf3)}, 'level_b_id', {Math.Max(mine, rqf3)})
            """)).ShouldBe(2, "the addition and the removal, each with who did it");

        var again = await SaveAsync(editor, page, [new("otherLevelId", rqf3.ToString())], postTo: page + "&handler=Remove");
        (await Text(again)).ShouldContain("That equivalence is not recorded for this level (any more)");
    }

    [Fact]
    public async Task Two_editors_changing_a_levels_equivalences_at_once_see_each_others_change()
    {
        await NewFramework("EQUIV-RACE-TEST", "2");
        var mine = await LevelId("EQUIV-RACE-TEST", "2");
        var page = $"/Frameworks/EditEquivalences?levelId={mine}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(page);
        var bobPage = await bob.GetStringAsync(page);

        (await alice.PostRawAsync(page + "&handler=Add", WithPageState(alicePage, [new("Input.OtherLevelId", (await LevelId("QCF", "2")).ToString())])))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await bob.PostRawAsync(page + "&handler=Add", WithPageState(bobPage, [new("Input.OtherLevelId", (await LevelId("NQF", "2")).ToString())]));
        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this level or its equivalences after you opened this page");
        Regex.IsMatch(html, @">equivalence added</td>\s*<td[^>]*>QCF 2</td>\s*<td[^>]*>user:editor@test.local").ShouldBeTrue(html);
        (await Count($"select count(*) from level_equivalence where {mine} in (level_a_id, level_b_id)")).ShouldBe(1);

        // Having read it, Bob adds his from the conflict page.
        (await bob.PostRawAsync(page + "&handler=Add", WithPageState(await conflict.Content.ReadAsStringAsync(), [new("Input.OtherLevelId", (await LevelId("NQF", "2")).ToString())])))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from level_equivalence where {mine} in (level_a_id, level_b_id)")).ShouldBe(2);
    }
}
