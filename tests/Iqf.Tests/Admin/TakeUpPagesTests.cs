using System.Net;
using System.Text.RegularExpressions;
using Iqf.Tests.Support;

namespace Iqf.Tests.Admin;

/// <summary>
/// The take-up pages over HTTP against the real site and database. The sample set has no take-up
/// figures, so each test enters its own, on qualifications no other test here uses.
/// </summary>
public class TakeUpPagesTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);
    private Task<string> Scalar(string sql) => TestPostgres.ScalarAsync<string>(site.ConnectionString, sql);
    private Task Exec(string sql) => TestPostgres.ExecAsync(site.ConnectionString, sql);

    /// <summary>Adds figures straight into the table: (reference, year, source, learners).</summary>
    private Task Figures(params (string Reference, int Year, string Source, int Learners)[] rows) => Exec(string.Join(";\n", rows.Select(r =>
        $"insert into take_up (qualification_id, year, source, learners) select id, {r.Year}, '{r.Source}', {r.Learners} from qualification where reference = '{r.Reference}'")));

    private Task<long> FigureId(string reference, int year, string source) =>
        Count($"select t.id from take_up t join qualification q on q.id = t.qualification_id where q.reference = '{reference}' and t.year = {year} and t.source = '{source}'");

    private static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    private static async Task<string> Text(SiteClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    /// <summary>Each listed figure as "REFERENCE YEAR/YY SOURCE LEARNERS".</summary>
    private static List<string> Listed(string html) =>
        Regex.Matches(html, @"/TakeUp/Details/\d+\?returnUrl=[^""]*"">([^<]+)<span.*?</tr>", RegexOptions.Singleline)
            .Select(m =>
            {
                var cells = Regex.Matches(m.Value, @"<td class=""govuk-table__cell[^""]*"">(.*?)</td>", RegexOptions.Singleline).Select(c => c.Groups[1].Value).ToList();
                return $"{m.Groups[1].Value} {cells[^4]} {cells[^3]} {cells[^2]}";
            }).ToList();

    private static string Hidden(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"").Groups[1].Value;

    private static async Task<HttpResponseMessage> SaveAsync(SiteClient client, string path, params (string Key, string Value)[] fields)
    {
        var page = await client.GetStringAsync(path);
        return await client.PostRawAsync(path, WithPageState(page, fields));
    }

    private static List<KeyValuePair<string, string>> WithPageState(string page, params (string Key, string Value)[] fields)
    {
        var posted = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).ToList();
        foreach (var name in new[] { "Input.Version", "Input.LoadedAt", "Version", "LoadedAt" })
            if (!fields.Any(f => f.Key == name) && Regex.IsMatch(page, $"name=\"{Regex.Escape(name)}\" value=")) posted.Add(new(name, Hidden(page, name)));
        posted.Add(new("__RequestVerificationToken", SiteClient.Token(page)));
        return posted;
    }

    private static (string, string)[] Form(string reference, string year, string source, string learners, params (string, string)[] extra) =>
        [("Input.Reference", reference), ("Input.Year", year), ("Input.Source", source), ("Input.Learners", learners), .. extra];

    [Fact]
    public async Task The_list_finds_figures_by_qualification_reference_or_title_without_regard_to_case_or_accents()
    {
        await Exec("insert into qualification (reference, title, type) values ('603/9911/2', 'Level 2 Certificate in Café Practice for Nurseries', 'certificate')");
        await Figures(("603/9911/2", 2011, "ilr", 120), ("NNEB-DNN", 1995, "awarding-body", 3400), ("NNEB-DNN", 1996, "awarding-body", 3100));
        using var viewer = await site.ClientAsync("viewer");
        Listed(await Text(viewer, "/TakeUp?q=CAFE+practice")).ShouldBe(["603/9911/2 2011/12 ILR 120"]);
        Listed(await Text(viewer, "/TakeUp?q=60399112")).ShouldBe(["603/9911/2 2011/12 ILR 120"], "an Ofqual number without its obliques");
        Listed(await Text(viewer, "/TakeUp?q=nneb")).ShouldBe(["NNEB-DNN 1995/96 Awarding body 3,400", "NNEB-DNN 1996/97 Awarding body 3,100"]);
        Listed(await Text(viewer, "/TakeUp?q=NÛRSERY+nursing")).ShouldBe(["NNEB-DNN 1995/96 Awarding body 3,400", "NNEB-DNN 1996/97 Awarding body 3,100"]);
        Listed(await Text(viewer, "/TakeUp?q=100%25")).ShouldBeEmpty("a % typed is a character, not a wildcard");
    }

    [Fact]
    public async Task Filters_by_qualification_year_range_and_source_narrow_the_list_and_stay_in_its_links()
    {
        await Figures(("RCC-L3", 2014, "ilr", 800), ("RCC-L3", 2015, "ilr", 900), ("RCC-L3", 2016, "ilr", 950), ("RCC-L3", 2016, "survey", 1000),
            ("RCC-L5", 2016, "heses", 40));
        using var viewer = await site.ClientAsync("viewer");
        var one = await Text(viewer, "/TakeUp?qualification=rcc-l3");
        Listed(one).ShouldBe(["RCC-L3 2014/15 ILR 800", "RCC-L3 2015/16 ILR 900", "RCC-L3 2016/17 ILR 950", "RCC-L3 2016/17 Survey 1,000"]);
        one.ShouldContain("Level 3 Diploma for Residential Childcare (England)</a>", customMessage: "the qualification is named above its figures");
        one.ShouldNotContain("Add a take-up figure", customMessage: "a viewer is not offered adding");
        using (var editor = await site.ClientAsync("editor"))
            (await Text(editor, "/TakeUp?qualification=rcc-l3")).ShouldContain("/TakeUp/Edit?returnUrl=%2FTakeUp%3Fqualification%3Drcc-l3&qualification=RCC-L3",
                customMessage: "adding starts with the qualification filled in");

        Listed(await Text(viewer, "/TakeUp?qualification=RCC-L3&from=2015&to=2015")).ShouldBe(["RCC-L3 2015/16 ILR 900"]);
        Listed(await Text(viewer, "/TakeUp?q=residential&from=2016")).ShouldBe(["RCC-L3 2016/17 ILR 950", "RCC-L3 2016/17 Survey 1,000", "RCC-L5 2016/17 HESES 40"]);
        Listed(await Text(viewer, "/TakeUp?q=residential&to=2014")).ShouldBe(["RCC-L3 2014/15 ILR 800"]);
        var surveys = await Text(viewer, "/TakeUp?q=residential&source=survey&sort=learners&dir=desc");
        Listed(surveys).ShouldBe(["RCC-L3 2016/17 Survey 1,000"]);
        surveys.ShouldContain("source=survey", customMessage: "sorting links keep the filters");
        surveys.ShouldContain("q=residential");
    }

    [Fact]
    public async Task The_list_sorts_by_each_column_either_way_and_pages_fifty_at_a_time()
    {
        await Exec("insert into take_up (qualification_id, year, source, learners) select q.id, g, 'ilr', 3000 - g from qualification q, generate_series(1990, 2049) g where q.reference = 'PW-NVQ3'");
        using var viewer = await site.ClientAsync("viewer");
        var first = await Text(viewer, "/TakeUp?qualification=PW-NVQ3&sort=year");
        first.ShouldContain("Showing 1 to 50 of 60 figures");
        var page1 = Listed(first);
        page1.Count.ShouldBe(50);
        page1[0].ShouldStartWith("PW-NVQ3 1990/91");
        page1[49].ShouldStartWith("PW-NVQ3 2039/40");
        first.ShouldContain("page=2&qualification=PW-NVQ3&sort=year", customMessage: "the next-page link keeps the filter and sort");
        var page2 = Listed(await Text(viewer, "/TakeUp?qualification=PW-NVQ3&sort=year&page=2"));
        page2.Count.ShouldBe(10);
        page2[^1].ShouldStartWith("PW-NVQ3 2049/50");

        Listed(await Text(viewer, "/TakeUp?qualification=PW-NVQ3&sort=year&dir=desc"))[0].ShouldStartWith("PW-NVQ3 2049/50");
        Listed(await Text(viewer, "/TakeUp?qualification=PW-NVQ3&sort=learners&dir=desc"))[0].ShouldBe("PW-NVQ3 1990/91 ILR 1,010");
        Listed(await Text(viewer, "/TakeUp?qualification=PW-NVQ3&sort=learners"))[0].ShouldBe("PW-NVQ3 2049/50 ILR 951");
        foreach (var column in new[] { "qualification", "title", "source", "updated" })
            foreach (var dir in new[] { "asc", "desc" })
                Listed(await Text(viewer, $"/TakeUp?qualification=PW-NVQ3&sort={column}&dir={dir}")).Count.ShouldBe(50, $"sorted by {column} {dir}");
        (await Text(viewer, "/TakeUp?qualification=PW-NVQ3&sort=learners&dir=desc")).ShouldContain("aria-sort=\"descending\"><a class=\"govuk-link\" href=\"/TakeUp?dir=asc&qualification=PW-NVQ3&sort=learners\">Learners");
    }

    [Fact]
    public async Task A_bad_filter_value_is_explained_and_an_empty_result_says_so()
    {
        using var viewer = await site.ClientAsync("viewer");
        var response = await viewer.GetAsync("/TakeUp?qualification=x&from=1800&to=soon&source=rumour&page=-1&sort=password");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("x is not a qualification reference");
        html.ShouldContain("Enter the first year as a year from 1990 to 2100");
        html.ShouldContain("Enter the last year as a year from 1990 to 2100");
        html.ShouldContain("There is no take-up source called rumour");
        (await Text(viewer, "/TakeUp?from=2012&to=2010")).ShouldContain("The last year must be the same as or after the first year");

        var unknown = await Text(viewer, "/TakeUp?qualification=ZZZ-NONE");
        unknown.ShouldContain("There is no qualification with reference ZZZ-NONE");
        unknown.ShouldContain("No take-up figures found", customMessage: "a link to a mistyped reference does not list everything");
        (await Text(viewer, "/TakeUp?qualification=GTP")).ShouldContain("No take-up figures found");
    }

    [Fact]
    public async Task Adding_a_figure_normalises_the_reference_and_records_who_added_it()
    {
        using var editor = await site.ClientAsync("editor");
        (await Text(editor, "/TakeUp/Edit?qualification=fd-ap")).ShouldContain("value=\"FD-AP\"", customMessage: "started from a qualification's list");
        var response = await SaveAsync(editor, "/TakeUp/Edit", Form(" fd-ap ", " 2009 ", "heses", "1 250", ("next", "save")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await FigureId("FD-AP", 2009, "heses");
        response.Headers.Location!.ToString().ShouldBe($"/TakeUp/Details/{id}");
        (await Scalar($"select learners::text from take_up where id = {id}")).ShouldBe("1250");
        (await Scalar($"select actor from history where table_name = 'take_up' and row_key = jsonb_build_object('id', {id}::bigint)")).ShouldBe("user:editor@test.local");

        var details = await Text(editor, $"/TakeUp/Details/{id}");
        details.ShouldContain("Added the take-up of FD-AP in 2009/10 (HESES): 1,250 learners");
        details.ShouldContain("Higher Education Students Early Statistics (HESES)");

        var another = await SaveAsync(editor, "/TakeUp/Edit?returnUrl=%2FTakeUp%3Fqualification%3DFD-AP", Form("FD-AP", "2010", "heses", "0", ("next", "another")));
        another.Headers.Location!.ToString().ShouldBe("/TakeUp/Edit?returnUrl=%2FTakeUp%3Fqualification%3DFD-AP");
        (await Scalar("select t.learners::text from take_up t join qualification q on q.id = t.qualification_id where q.reference = 'FD-AP' and t.year = 2010")).ShouldBe("0");
    }

    [Theory]
    [InlineData("Input.Reference", "", "Enter the reference of the qualification")]
    [InlineData("Input.Reference", "12", "Enter a qualification reference: an Ofqual number such as 603/1234/5")]
    [InlineData("Input.Reference", "ZZZ-NONE", "There is no qualification with reference ZZZ-NONE")]
    [InlineData("Input.Year", "", "Enter the academic year")]
    [InlineData("Input.Year", "1989", "Enter the year the academic year starts in, from 1990 to 2100")]
    [InlineData("Input.Year", "2101", "Enter the year the academic year starts in, from 1990 to 2100")]
    [InlineData("Input.Year", "2010/11", "Enter the year the academic year starts in, from 1990 to 2100")]
    [InlineData("Input.Source", "", "Select where the figure comes from")]
    [InlineData("Input.Source", "rumour", "Select where the figure comes from")]
    [InlineData("Input.Learners", "", "Enter the number of learners")]
    [InlineData("Input.Learners", "-1", "Enter the number of learners as a whole number, 0 or more")]
    [InlineData("Input.Learners", "12.5", "Enter the number of learners as a whole number, 0 or more")]
    [InlineData("Input.Learners", "99999999999", "Enter the number of learners as a whole number, 0 or more")]
    public async Task Each_bad_value_is_shown_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from take_up");
        var form = Form("HLTA", "2012", "survey", "75").Where(f => f.Item1 != field).Append((field, value)).ToArray();
        var response = await SaveAsync(editor, "/TakeUp/Edit", form);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("There is a problem");
        html.ShouldContain($"href=\"#{field.Replace('.', '_')}\">{message}");
        html.ShouldContain($"<p id=\"{field.Replace('.', '_')}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {message}");
        (await Count("select count(*) from take_up")).ShouldBe(before);
    }

    [Fact]
    public async Task A_second_figure_for_the_same_qualification_year_and_source_is_refused_beside_the_year()
    {
        await Figures(("CPA-DIP", 2003, "survey", 410), ("CPA-DIP", 2004, "survey", 450));
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from take_up");
        var clash = await SaveAsync(editor, "/TakeUp/Edit", Form("cpa-dip", "2003", "survey", "999"));
        clash.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(clash)).ShouldContain("href=\"#Input_Year\">CPA-DIP already has a figure for 2003/04 from Survey (410 learners): change that one instead");
        (await Count("select count(*) from take_up")).ShouldBe(before);

        // Moving an existing figure onto another's year is refused the same way.
        var id = await FigureId("CPA-DIP", 2004, "survey");
        (await Text(await SaveAsync(editor, $"/TakeUp/Edit/{id}", Form("CPA-DIP", "2003", "survey", "450"))))
            .ShouldContain("CPA-DIP already has a figure for 2003/04 from Survey");
        (await Scalar($"select year::text from take_up where id = {id}")).ShouldBe("2004");
        // The same year from another source is a different figure.
        (await SaveAsync(editor, "/TakeUp/Edit", Form("CPA-DIP", "2003", "other", "12"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Two_editors_saving_the_same_figure_never_overwrite_each_other()
    {
        await Figures(("LM-TRAIN", 2007, "other", 300));
        var id = await FigureId("LM-TRAIN", 2007, "other");
        var path = $"/TakeUp/Edit/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);
        var before = await Count($"select count(distinct transaction_id) from history where table_name = 'take_up' and row_key = jsonb_build_object('id', {id}::bigint)");

        (await alice.PostRawAsync(path, WithPageState(alicePage, Form("LM-TRAIN", "2007", "other", "320")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await bob.PostRawAsync(path, WithPageState(bobPage, Form("LM-TRAIN", "2008", "other", "300")));

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this take-up figure while you were editing it");
        html.ShouldContain(">learners<");
        html.ShouldContain(">320<");
        html.ShouldContain("user:editor@test.local");
        html.ShouldContain("value=\"2008\"", customMessage: "Bob's own change is still in the form");
        (await Scalar($"select year || ' ' || learners from take_up where id = {id}")).ShouldBe("2007 320");
        (await Count($"select count(distinct transaction_id) from history where table_name = 'take_up' and row_key = jsonb_build_object('id', {id}::bigint)"))
            .ShouldBe(before + 1, "one save recorded, not two");

        (await bob.PostRawAsync(path, WithPageState(await conflict.Content.ReadAsStringAsync(), Form("LM-TRAIN", "2008", "other", "300"))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select year || ' ' || learners from take_up where id = {id}")).ShouldBe("2008 300");
    }

    [Fact]
    public async Task An_editor_removes_a_figure_after_confirming_and_a_stale_confirmation_removes_nothing()
    {
        await Figures(("NPQH", 2005, "other", 1500));
        var id = await FigureId("NPQH", 2005, "other");
        using var editor = await site.ClientAsync("editor");
        var page = await editor.GetStringAsync($"/TakeUp/EditRemove/{id}");
        WebUtility.HtmlDecode(page).ShouldContain("Remove this take-up figure?");
        // Someone corrects the number after the page was opened.
        (await SaveAsync(editor, $"/TakeUp/Edit/{id}", Form("NPQH", "2005", "other", "1550"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var stale = await editor.PostRawAsync($"/TakeUp/EditRemove/{id}", WithPageState(page));
        stale.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(stale);
        html.ShouldContain("Someone else changed this figure after you opened this page");
        html.ShouldContain(">1550<");
        (await Count($"select count(*) from take_up where id = {id}")).ShouldBe(1);

        var removed = await editor.PostRawAsync($"/TakeUp/EditRemove/{id}", WithPageState(await stale.Content.ReadAsStringAsync()));
        removed.Headers.Location!.ToString().ShouldBe("/TakeUp?qualification=NPQH");
        (await Count($"select count(*) from take_up where id = {id}")).ShouldBe(0);
        (await Scalar($"select actor from history where table_name = 'take_up' and row_key = jsonb_build_object('id', {id}::bigint) and operation = 'D'"))
            .ShouldBe("user:editor@test.local");
        var history = await Text(editor, $"/TakeUp/History/{id}");
        history.ShouldContain("History of a removed take-up figure");
        history.ShouldContain("NPQH in 2005/06");
        history.ShouldContain("Deleted by user:editor@test.local");

        using var viewer = await site.ClientAsync("viewer");
        (await viewer.GetAsync($"/TakeUp/EditRemove/{await Count("select min(id) from take_up")}")).Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
    }

    [Fact]
    public async Task The_history_shows_each_change_field_by_field_with_who_made_it_and_the_qualification_by_name()
    {
        await Figures(("DIPSW", 1999, "awarding-body", 5000));
        var id = await FigureId("DIPSW", 1999, "awarding-body");
        using var editor = await site.ClientAsync("editor");
        (await SaveAsync(editor, $"/TakeUp/Edit/{id}", Form("BA-SW", "1999", "heses", "5000"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var history = await Text(editor, $"/TakeUp/History/{id}");
        history.ShouldContain("History of the take-up of BA-SW in 1999/00");
        history.ShouldContain("Changed by user:editor@test.local");
        history.ShouldContain(">qualification id<");
        history.ShouldContain(">DIPSW Diploma in Social Work<");
        history.ShouldContain(">BA-SW BA (Hons) Social Work<");
        history.ShouldContain(">awarding-body<");
        history.ShouldContain(">heses<");
        history.ShouldContain("Created by unknown", customMessage: "the row this test inserted directly");
    }

    [Fact]
    public async Task Selected_figures_export_as_csv()
    {
        await Figures(("YWP-L2", 2012, "ilr", 640), ("YWP-L2", 2013, "ilr", 700), ("YWP-L2", 2013, "awarding-body", 710));
        using var planner = await site.ClientAsync("planner");
        var ids = new[] { await FigureId("YWP-L2", 2013, "ilr"), await FigureId("YWP-L2", 2012, "ilr"), await FigureId("YWP-L2", 2013, "awarding-body") };
        var list = await Text(planner, "/TakeUp?qualification=YWP-L2");
        list.ShouldContain("Export selected as CSV");
        list.ShouldNotContain("Add a take-up figure", customMessage: "a planner may export but not edit");
        var response = await planner.PostFormAsync("/TakeUp/Export", ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())), formPage: "/TakeUp");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            "qualification_reference,year,source,learners",
            "YWP-L2,2012,ilr,640",
            "YWP-L2,2013,awarding-body,710",
            "YWP-L2,2013,ilr,700",
        ]);
    }

    [Fact]
    public async Task Unknown_figures_are_404_pages_and_saving_one_creates_nothing()
    {
        using var admin = await site.ClientAsync("admin");
        foreach (var path in new[] { "/TakeUp/Details/987654", "/TakeUp/Edit/987654", "/TakeUp/EditRemove/987654", "/TakeUp/History/987654", "/TakeUp/Details/x" })
        {
            var response = await admin.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
            (await response.Content.ReadAsStringAsync()).ShouldContain("Page not found");
        }
        var before = await Count("select count(*) from take_up");
        (await admin.PostFormAsync("/TakeUp/Edit/987654", Form("QTS", "2010", "ilr", "5").Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)), formPage: "/TakeUp/Edit"))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Count("select count(*) from take_up")).ShouldBe(before);
    }
}
