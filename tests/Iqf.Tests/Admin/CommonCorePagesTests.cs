using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Iqf.Tests.Support;
using Npgsql;

namespace Iqf.Tests.Admin;

/// <summary>
/// The Common Core pages over HTTP against the real site and database. Tests that change wording
/// use areas 4 and 5 only, so that areas 1 to 3 can be compared with the seed file.
/// </summary>
public class CommonCorePagesTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);
    private Task<string> Scalar(string sql) => TestPostgres.ScalarAsync<string>(site.ConnectionString, sql);
    private Task Exec(string sql) => TestPostgres.ExecAsync(site.ConnectionString, sql);
    private Task<long> AreaId(int number) => Count($"select id::bigint from common_core_area where number = {number}");

    private static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    private static async Task<string> Text(SiteClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    private static List<int> ListedAreas(string html) =>
        Regex.Matches(html, @"/CommonCore/Details/\d+\?returnUrl=[^""]*"">Area (\d)</a>").Select(m => int.Parse(m.Groups[1].Value)).ToList();

    private static string Hidden(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"").Groups[1].Value;

    /// <summary>
    /// The area form as its page would post it: the wording now in the database (2005 first, then
    /// 2010), the row versions and load time from the page, with some values replaced, e.g.
    /// ("2010.Name", "...").
    /// </summary>
    private async Task<List<KeyValuePair<string, string>>> AreaForm(string page, long areaId, params (string Key, string Value)[] changes)
    {
        await using var conn = new NpgsqlConnection(site.ConnectionString);
        var rows = (await conn.QueryAsync<(short VersionId, string Code, string Name, string Description)>("""
            select n.version_id, v.code, n.name::text, coalesce(n.description, '')
            from common_core_area_name n join common_core_version v on v.id = n.version_id where n.area_id = @areaId order by v.code
            """, new { areaId = (int)areaId })).ToList();
        var fields = new List<KeyValuePair<string, string>> { new("Input.LoadedAt", Hidden(page, "Input.LoadedAt")), new("__RequestVerificationToken", SiteClient.Token(page)) };
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            string Value(string field, string current) => changes.Where(c => c.Key == $"{r.Code}.{field}").Select(c => c.Value).DefaultIfEmpty(current).Last();
            fields.Add(new($"Input.Wordings[{i}].VersionId", r.VersionId.ToString()));
            fields.Add(new($"Input.Wordings[{i}].Version", Hidden(page, $"Input.Wordings[{i}].Version")));
            fields.Add(new($"Input.Wordings[{i}].Name", Value("Name", r.Name)));
            fields.Add(new($"Input.Wordings[{i}].Description", Value("Description", r.Description)));
        }
        return fields;
    }

    private async Task<HttpResponseMessage> SaveAreaAsync(SiteClient client, long areaId, params (string Key, string Value)[] changes)
    {
        var path = $"/CommonCore/EditArea/{areaId}";
        var page = await client.GetStringAsync(path);
        return await client.PostRawAsync(path, await AreaForm(page, areaId, changes));
    }

    private static void ShouldShowFieldError(string html, string field, string message)
    {
        html.ShouldContain("There is a problem");
        html.ShouldContain($"href=\"#{field.Replace('.', '_').Replace('[', '_').Replace(']', '_')}\">{message}");
    }

    /// <summary>Mappings of current modules (or qualifications) to an area, optionally only those made against one version.</summary>
    private Task<long> Mappings(string kind, int number, string? version = null) => Count($"""
        select count(*) from {kind}_common_core x join {kind} r on r.id = x.{kind}_id
        join common_core_area a on a.id = x.area_id join common_core_version v on v.id = x.version_id
        where a.number = {number} and r.archived_at is null {(version is null ? "" : $"and v.code = '{version}'")}
        """);

    /// <summary>The two numbers in an area's row of the list: modules mapped, then qualifications mapped as a whole.</summary>
    private static (int Modules, int Qualifications) RowCounts(string html, int number)
    {
        var row = Regex.Match(html, $@">Area {number}</a></td>(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        var numbers = Regex.Matches(row, @"govuk-table__cell--numeric"">\s*(\d+)").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        numbers.Count.ShouldBe(2, row);
        return (numbers[0], numbers[1]);
    }

    [Fact]
    public async Task The_list_shows_the_six_areas_in_both_wordings_with_their_mappings_and_says_they_are_fixed()
    {
        using var viewer = await site.ClientAsync("viewer");
        var html = await Text(viewer, "/CommonCore");
        ListedAreas(html).ShouldBe([1, 2, 3, 4, 5, 6]);
        html.ShouldContain("Showing 6 of 6 areas");
        html.ShouldContain(">2005 wording</th>");
        html.ShouldContain(">2010 wording</th>");
        html.ShouldContain("<strong>Sharing information</strong>");
        html.ShouldContain("<strong>Information sharing</strong>");
        html.ShouldContain("<strong>Effective communication and engagement with children, young people and families</strong>");
        html.ShouldContain("they cannot be added, archived or deleted");
        html.ShouldNotContain("/CommonCore/Edit", customMessage: "areas are not added here");

        foreach (var n in new[] { 1, 4 })
        {
            var expected = ((int)await Mappings("module", n), (int)await Mappings("qualification", n));
            RowCounts(html, n).ShouldBe(expected, $"area {n}");
        }
        (await Mappings("module", 1)).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Search_matches_the_number_or_either_wording_without_regard_to_case_or_accents()
    {
        using var viewer = await site.ClientAsync("viewer");
        ListedAreas(await Text(viewer, "/CommonCore?q=INFORMATION")).ShouldBe([6]);
        ListedAreas(await Text(viewer, "/CommonCore?q=multi-agency")).ShouldBe([5]);
        ListedAreas(await Text(viewer, "/CommonCore?q=integrated+working")).ShouldBe([5], "a 2010 name");
        ListedAreas(await Text(viewer, "/CommonCore?q=transitiôns")).ShouldBe([4]);
        ListedAreas(await Text(viewer, "/CommonCore?q=3")).ShouldBe([3]);
        ListedAreas(await Text(viewer, "/CommonCore?q=100%25")).ShouldBeEmpty();
        var none = await Text(viewer, "/CommonCore?q=zzzz-nothing-like-this");
        none.ShouldContain("No areas found");
        none.ShouldContain("clear all filters");
    }

    [Fact]
    public async Task The_version_filter_counts_only_the_mappings_made_against_that_wording_and_a_bad_one_is_explained()
    {
        using var viewer = await site.ClientAsync("viewer");
        var html = await Text(viewer, "/CommonCore?version=2005");
        html.ShouldContain("mappings made against the 2005 wording");
        RowCounts(html, 1).ShouldBe(((int)await Mappings("module", 1, "2005"), (int)await Mappings("qualification", 1, "2005")));
        RowCounts(await Text(viewer, "/CommonCore?version=2010"), 1)
            .ShouldBe(((int)await Mappings("module", 1, "2010"), (int)await Mappings("qualification", 1, "2010")));
        html.ShouldContain("version=2005", customMessage: "sorting links keep the filter");

        var bad = await viewer.GetAsync("/CommonCore?version=1999&sort=password");
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var badHtml = await Text(bad);
        ShouldShowFieldError(badHtml, "Version", "There is no Common Core version 1999: choose 2005 or 2010");
        ListedAreas(badHtml).ShouldBe([1, 2, 3, 4, 5, 6]);
    }

    [Fact]
    public async Task The_list_sorts_by_mappings_either_way()
    {
        using var viewer = await site.ClientAsync("viewer");
        var most = await Count("""
            select a.number::bigint from common_core_area a
            left join module_common_core mc on mc.area_id = a.id left join module m on m.id = mc.module_id and m.archived_at is null
            group by a.number order by count(m.id) desc, a.number desc limit 1
            """);
        var descending = await Text(viewer, "/CommonCore?sort=modules&dir=desc");
        descending.ShouldContain("aria-sort=\"descending\"");
        ListedAreas(descending)[0].ShouldBe((int)most);
        ListedAreas(await Text(viewer, "/CommonCore?sort=modules&dir=asc")).ShouldBe(Enumerable.Reverse(ListedAreas(descending)).ToList());
        ListedAreas(await Text(viewer, "/CommonCore?sort=number&dir=desc")).ShouldBe([6, 5, 4, 3, 2, 1]);
    }

    [Fact]
    public async Task The_details_show_both_wordings_the_mappings_and_the_qualifications_mapped()
    {
        using var viewer = await site.ClientAsync("viewer");
        var id = await AreaId(3);
        var html = await Text(viewer, $"/CommonCore/Details/{id}");
        html.ShouldContain("Common Core area 3");
        html.ShouldContain("Safeguarding and promoting the welfare of the child or young person");
        html.ShouldContain("Recognising signs of harm", customMessage: "the 2005 description");
        html.ShouldContain("they cannot be added, archived or deleted");
        html.ShouldNotContain("/CommonCore/EditArea", customMessage: "a viewer is not offered editing");
        var modules = await Mappings("module", 3);
        var qualifications = await Mappings("qualification", 3);
        html.ShouldContain($"In all, {modules} module and {qualifications} qualification-level mappings");

        var mapped = await Scalar($"""
            select min(q.reference) from qualification q where q.archived_at is null and (
              exists (select 1 from qualification_common_core qc where qc.qualification_id = q.id and qc.area_id = {id})
              or exists (select 1 from qualification_module qm join module_common_core mc on mc.module_id = qm.module_id where qm.qualification_id = q.id and mc.area_id = {id}))
            """);
        html.ShouldContain($">{mapped}</a>");

        using var editor = await site.ClientAsync("editor");
        (await Text(editor, $"/CommonCore/Details/{id}")).ShouldContain($"/CommonCore/EditArea/{id}");
    }

    [Fact]
    public async Task Editing_an_areas_wording_saves_both_versions_and_the_history_shows_who_changed_what()
    {
        using var editor = await site.ClientAsync("editor");
        var id = await AreaId(4);
        var response = await SaveAreaAsync(editor, id, ("2005.Name", "  Supporting transitions (corrected) "), ("2010.Description", "A corrected 2010 description."));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe($"/CommonCore/Details/{id}");
        (await Scalar($"""
            select string_agg(v.code || ':' || n.name || ':' || coalesce(n.description, ''), '|' order by v.code)
            from common_core_area_name n join common_core_version v on v.id = n.version_id where n.area_id = {id}
            """)).ShouldBe("2005:Supporting transitions (corrected):Supporting children and young people through changes such as moving school or leaving care, and the move to adulthood (004 L308).|"
                          + "2010:Supporting transitions:A corrected 2010 description.");
        (await Count($"select count(*) from history where table_name = 'common_core_area_name' and row_key @> jsonb_build_object('area_id', {id}) and actor = 'user:editor@test.local'"))
            .ShouldBe(2, "one change to each wording, and none for the unchanged values");

        var history = await Text(editor, $"/CommonCore/History/{id}");
        history.ShouldContain("Changed 2005 wording by user:editor@test.local");
        history.ShouldContain("Changed 2010 wording by user:editor@test.local");
        history.ShouldContain(">Supporting transitions (corrected)<");
        history.ShouldContain(">description<");
        history.ShouldContain(">A corrected 2010 description.<");
        ListedAreas(await Text(editor, "/CommonCore?q=corrected")).ShouldBe([4]);

        var path = $"/CommonCore/EditArea/{id}";
        var form = await AreaForm(await editor.GetStringAsync(path), id, ("2005.Name", "Supporting transitions"));
        var stay = await editor.PostRawAsync(path, [.. form, new("next", "continue")]);
        stay.Headers.Location!.ToString().ShouldBe(path, "save and continue editing comes back to the form");
        (await Text(editor, path)).ShouldContain("value=\"Supporting transitions\"");
    }

    [Fact]
    public async Task A_name_is_required_and_short_enough_in_each_wording_and_nothing_is_saved_otherwise()
    {
        using var editor = await site.ClientAsync("editor");
        var id = await AreaId(5);
        var before = await Scalar($"select string_agg(name || coalesce(description, ''), '|' order by version_id) from common_core_area_name where area_id = {id}");

        var empty = await SaveAreaAsync(editor, id, ("2005.Name", " "), ("2010.Description", "Changed too"));
        empty.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldShowFieldError(await Text(empty), "Input.Wordings[0].Name", "Enter the area's name in the 2005 wording");
        ShouldShowFieldError(await Text(await SaveAreaAsync(editor, id, ("2010.Name", new string('x', 301)))), "Input.Wordings[1].Name", "The 2010 name must be 300 characters or fewer");
        ShouldShowFieldError(await Text(await SaveAreaAsync(editor, id, ("2010.Description", new string('x', 2001)))), "Input.Wordings[1].Description",
            "The 2010 description must be 2,000 characters or fewer");
        (await Scalar($"select string_agg(name || coalesce(description, ''), '|' order by version_id) from common_core_area_name where area_id = {id}")).ShouldBe(before);
    }

    [Fact]
    public async Task A_name_another_area_has_in_the_same_version_is_refused_but_another_versions_name_is_not()
    {
        using var editor = await site.ClientAsync("editor");
        var id = await AreaId(5);
        ShouldShowFieldError(await Text(await SaveAreaAsync(editor, id, ("2010.Name", "information SHARING"))),
            "Input.Wordings[1].Name", "Area 6 already has the name information SHARING in the 2010 wording: names are unique within a version");
        (await Count($"select count(*) from common_core_area_name where area_id = {id} and name = 'information sharing'")).ShouldBe(0);

        // Area 6 is "Sharing information" in 2005 and "Information sharing" in 2010: each version is its own list.
        (await SaveAreaAsync(editor, id, ("2005.Name", "Information sharing"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await Exec($"update common_core_area_name set name = 'Multi-agency working' where area_id = {id} and version_id = (select id from common_core_version where code = '2005')");
    }

    [Fact]
    public async Task A_constraint_the_database_enforces_after_the_page_checked_becomes_a_field_error_and_nothing_is_saved()
    {
        var id = await AreaId(5);
        await Exec("""
            create function test_race_area_name() returns trigger language plpgsql as $$
            begin
              if new.name = 'Racing name' then
                raise exception 'duplicate key value violates unique constraint' using errcode = '23505', constraint = 'common_core_area_name_version_id_name_key';
              end if;
              return new;
            end $$;
            create trigger test_race_area_name before update on common_core_area_name for each row execute function test_race_area_name();
            """);
        try
        {
            using var editor = await site.ClientAsync("editor");
            var before = await Scalar($"select string_agg(name || coalesce(description, ''), '|' order by version_id) from common_core_area_name where area_id = {id}");
            var response = await SaveAreaAsync(editor, id, ("2005.Description", "Saved first, then undone"), ("2010.Name", "Racing name"));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            ShouldShowFieldError(await Text(response), "Input.Wordings[1].Name", "Another area was given the name Racing name in the 2010 wording a moment ago");
            (await Scalar($"select string_agg(name || coalesce(description, ''), '|' order by version_id) from common_core_area_name where area_id = {id}"))
                .ShouldBe(before, "the 2005 change is undone with the refused 2010 one");
        }
        finally
        {
            await Exec("drop trigger test_race_area_name on common_core_area_name; drop function test_race_area_name();");
        }
    }

    [Fact]
    public async Task Two_editors_saving_the_same_area_never_overwrite_each_other()
    {
        var id = await AreaId(5);
        var path = $"/CommonCore/EditArea/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);
        var bobForm = await AreaForm(bobPage, id, ("2005.Description", "Bob's 2005 description"));
        var before2005 = await Scalar($"select description from common_core_area_name n join common_core_version v on v.id = n.version_id where area_id = {id} and v.code = '2005'");

        (await alice.PostRawAsync(path, await AreaForm(alicePage, id, ("2010.Name", "Multi-agency and integrated working (Alice)")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await bob.PostRawAsync(path, bobForm);
        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this area while you were editing it");
        Regex.IsMatch(html, @">2010 name</td>\s*<td[^>]*>Multi-agency and integrated working \(Alice\)</td>\s*<td[^>]*>user:editor@test.local at").ShouldBeTrue(html);
        html.ShouldContain(">Bob's 2005 description</textarea>", customMessage: "Bob's own change is still in the form");
        (await Scalar($"select description from common_core_area_name n join common_core_version v on v.id = n.version_id where area_id = {id} and v.code = '2005'"))
            .ShouldBe(before2005);
        (await Count($"select count(*) from history where table_name = 'common_core_area_name' and row_key @> jsonb_build_object('area_id', {id}) and operation = 'U' and actor = 'user:admin@test.local'"))
            .ShouldBe(0);

        // Having read Alice's change, Bob saves again from the conflict page (his form still names the old 2010 name).
        var conflictPage = await conflict.Content.ReadAsStringAsync();
        var again = bobForm.Select(f => f.Key.EndsWith(".Version") || f.Key is "__RequestVerificationToken" ? new KeyValuePair<string, string>(f.Key,
            f.Key is "__RequestVerificationToken" ? SiteClient.Token(conflictPage) : Hidden(conflictPage, f.Key)) : f).ToList();
        (await bob.PostRawAsync(path, again)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select description from common_core_area_name n join common_core_version v on v.id = n.version_id where area_id = {id} and v.code = '2005'"))
            .ShouldBe("Bob's 2005 description");
        await Exec($"""
            update common_core_area_name set description = '{before2005.Replace("'", "''")}' where area_id = {id} and version_id = (select id from common_core_version where code = '2005');
            update common_core_area_name set name = 'Multi-agency and integrated working' where area_id = {id} and version_id = (select id from common_core_version where code = '2010');
            """);
    }

    [Fact]
    public async Task Selected_areas_export_in_the_seed_file_format()
    {
        using var planner = await site.ClientAsync("planner");
        var ids = new[] { await AreaId(1), await AreaId(2), await AreaId(3) };
        var response = await planner.PostFormAsync("/CommonCore/Export", ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())), formPage: "/CommonCore");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        using var stream = typeof(Iqf.Data.IqfDbContext).Assembly.GetManifestResourceStream("seed/common_core_areas.csv")!;
        var seed = new StreamReader(stream).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldBe([seed[0], .. seed.Where(l => l[0] is '1' or '2' or '3' && l[1] == ',')]);

        (await planner.PostFormAsync("/CommonCore/Export", [], formPage: "/CommonCore")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Theory]
    [InlineData("/CommonCore/Details/987")]
    [InlineData("/CommonCore/EditArea/987")]
    [InlineData("/CommonCore/History/987")]
    [InlineData("/CommonCore/Details/one")]
    public async Task An_unknown_area_is_a_404_page(string path)
    {
        using var admin = await site.ClientAsync("admin");
        var response = await admin.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Page not found");
    }

    [Fact]
    public async Task Saving_an_unknown_area_is_a_404_and_a_post_missing_a_version_is_refused()
    {
        using var editor = await site.ClientAsync("editor");
        var names = await Count("select count(*) from common_core_area_name");
        (await editor.PostFormAsync("/CommonCore/EditArea/987", [new("Input.Wordings[0].VersionId", "1"), new("Input.Wordings[0].Name", "Ghost")], formPage: "/CommonCore"))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A post naming only one version leaves the other to be filled in, and saves nothing.
        var id = await AreaId(5);
        var page = await editor.GetStringAsync($"/CommonCore/EditArea/{id}");
        var partial = await editor.PostRawAsync($"/CommonCore/EditArea/{id}",
            (await AreaForm(page, id)).Where(f => !f.Key.StartsWith("Input.Wordings[1]")).ToList());
        partial.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldShowFieldError(await Text(partial), "Input.Wordings[1].Name", "Enter the area's name in the 2010 wording");
        (await Count("select count(*) from common_core_area_name")).ShouldBe(names);
    }
}
