using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Iqf.Data.Interchange;
using Iqf.Tests.Support;
using Npgsql;

namespace Iqf.Tests.Admin;

/// <summary>The module pages, the module-code lookup and the module and Common Core exports, over HTTP against the real site and database.</summary>
public class ModulePagesTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);
    private Task<string> Scalar(string sql) => TestPostgres.ScalarAsync<string>(site.ConnectionString, sql);
    private Task Exec(string sql) => TestPostgres.ExecAsync(site.ConnectionString, sql);
    private Task<long> Id(string code) => Count($"select id from module where code = '{code.Replace("'", "''")}'");
    private Task<long> LevelId(string framework, string level) =>
        Count($"select level_id::bigint from level_lookup where framework_code = '{framework}' and level_code = '{level}'");

    private async Task<List<string>> Codes(string sql)
    {
        await using var conn = new NpgsqlConnection(site.ConnectionString);
        return (await conn.QueryAsync<string>(sql)).ToList();
    }

    /// <summary>The page as text, entities decoded, so assertions read as the person reads it.</summary>
    private static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    private static async Task<string> Text(SiteClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    private static List<string> Listed(string html) =>
        Regex.Matches(html, @"/Modules/Details/\d+\?returnUrl=[^""]*"">([^<]+)</a>").Select(m => m.Groups[1].Value).ToList();

    private static string Hidden(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"").Groups[1].Value;

    private static List<KeyValuePair<string, string>> NewForm(string code, params (string Key, string Value)[] extra)
    {
        var fields = new Dictionary<string, string> { ["Input.Code"] = code, ["Input.Title"] = $"Title of {code}" };
        foreach (var (k, v) in extra) fields[k] = v;
        return fields.ToList();
    }

    /// <summary>The edit form of an existing module as its page would post it unchanged, with some values replaced.</summary>
    private async Task<List<KeyValuePair<string, string>>> CurrentForm(long id, params (string Key, string Value)[] changes)
    {
        await using var conn = new NpgsqlConnection(site.ConnectionString);
        var row = await conn.QuerySingleAsync("""
            select code::text as code, title, coalesce(description, '') as description, coalesce(level_id::text, '') as level,
                   coalesce(credits::text, '') as credits, coalesce(glh::text, '') as glh, coalesce(review_interval_months::text, '') as review
            from module where id = @id
            """, new { id });
        var fields = new Dictionary<string, string>
        {
            ["Input.Code"] = row.code, ["Input.Title"] = row.title, ["Input.Description"] = row.description, ["Input.LevelId"] = row.level,
            ["Input.Credits"] = row.credits, ["Input.Glh"] = row.glh, ["Input.ReviewIntervalMonths"] = row.review,
        };
        foreach (var (k, v) in changes) fields[k] = v;
        return fields.ToList();
    }

    /// <summary>Posts the edit form with the token, version and load time the page handed out.</summary>
    private static async Task<HttpResponseMessage> SaveAsync(SiteClient client, string path, List<KeyValuePair<string, string>> fields) =>
        await client.PostRawAsync(path, WithPageState(await client.GetStringAsync(path), fields));

    private static List<KeyValuePair<string, string>> WithPageState(string page, List<KeyValuePair<string, string>> fields) =>
    [
        .. fields.Where(f => f.Key is not ("Input.Version" or "Input.LoadedAt")),
        new("Input.Version", Hidden(page, "Input.Version")), new("Input.LoadedAt", Hidden(page, "Input.LoadedAt")),
        new("__RequestVerificationToken", SiteClient.Token(page)),
    ];

    /// <summary>The six cells of the mapping form: the given areas mapped, the others not.</summary>
    private static List<KeyValuePair<string, string>> MappingForm(params (int Area, string Coverage, string Version, string Evidence)[] mapped)
    {
        var fields = new List<KeyValuePair<string, string>>();
        for (var area = 1; area <= 6; area++)
        {
            var cell = mapped.FirstOrDefault(m => m.Area == area);
            fields.Add(new($"Cells[{area - 1}].Area", area.ToString()));
            fields.Add(new($"Cells[{area - 1}].Coverage", cell.Coverage ?? ""));
            fields.Add(new($"Cells[{area - 1}].Version", cell.Version ?? "2010"));
            fields.Add(new($"Cells[{area - 1}].Evidence", cell.Evidence ?? ""));
        }
        return fields;
    }

    private static List<KeyValuePair<string, string>> WithMappingState(string page, List<KeyValuePair<string, string>> fields) =>
        [.. fields, new("Version", Hidden(page, "Version")), new("LoadedAt", Hidden(page, "LoadedAt")), new("__RequestVerificationToken", SiteClient.Token(page))];

    private async Task<string> MappingsOf(long id) =>
        await Scalar($"""
            select coalesce(string_agg(a.number || ':' || mc.coverage || ':' || v.code || ':' || coalesce(mc.evidence, ''), '|' order by a.number), '')
            from module_common_core mc join common_core_area a on a.id = mc.area_id join common_core_version v on v.id = mc.version_id
            where mc.module_id = {id}
            """);

    // ---------------------------------------------------------------- list

    [Fact]
    public async Task The_list_finds_modules_by_code_or_title_without_regard_to_case_or_accents()
    {
        await Exec("insert into module (code, title) values ('ÉCO-TEST-1', 'Éducation précoce et jeux dirigés')");
        using var viewer = await site.ClientAsync("viewer");

        Listed(await Text(viewer, "/Modules?q=ccld30")).ShouldBe(["CCLD301", "CCLD302", "CCLD303", "CCLD304", "CCLD305"]);
        Listed(await Text(viewer, "/Modules?q=KEEPING+children+SAFE")).ShouldBe(["DCE-02"]);
        Listed(await Text(viewer, "/Modules?q=education+precoce")).ShouldBe(["ÉCO-TEST-1"]);
        Listed(await Text(viewer, "/Modules?q=eco-test")).ShouldBe(["ÉCO-TEST-1"], "the code is folded too");
        Listed(await Text(viewer, "/Modules?q=JEUX+DIRIGÉS")).ShouldBe(["ÉCO-TEST-1"]);
        Listed(await Text(viewer, "/Modules?q=100%25")).ShouldBeEmpty("a % typed is a character, not a wildcard");
    }

    [Fact]
    public async Task The_level_filter_takes_a_framework_a_level_or_both_and_not_levelled()
    {
        using var viewer = await site.ClientAsync("viewer");
        var both = Listed(await Text(viewer, "/Modules?framework=NQF-PRE-2004&level=3"));
        both.ShouldBe(await Codes("""
            select m.code::text from module m join level_lookup l on l.level_id = m.level_id
            where l.framework_code = 'NQF-PRE-2004' and l.level_code = '3' and m.archived_at is null order by search_text(m.code::text) collate "C"
            """));
        both.ShouldContain("NNEB-01");

        var level2 = await Text(viewer, "/Modules?level=Level+2");
        Listed(level2).ShouldContain("CCLD201");
        Listed(level2).ShouldNotContain("CCLD301");
        level2.ShouldContain("<option value=\"2\" selected=\"selected\">Level 2</option>", customMessage: "the spelling typed is read as the level");

        var framework = Listed(await Text(viewer, "/Modules?framework=FHEQ"));
        framework.ShouldNotBeEmpty();
        framework.ShouldNotContain("CCLD301");

        var unlevelled = Listed(await Text(viewer, "/Modules?level=none"));
        unlevelled.ShouldContain("HLTA-S1");
        unlevelled.ShouldNotContain("CCLD301");
    }

    [Fact]
    public async Task The_use_filter_finds_shared_single_and_unused_modules()
    {
        await Exec("insert into module (code, title) values ('UNUSED-TEST-1', 'A module in no qualification')");
        using var viewer = await site.ClientAsync("viewer");
        var shared = Listed(await Text(viewer, "/Modules?use=shared"));
        shared.ShouldContain("CCLD301");
        shared.ShouldContain("DCE-01");
        shared.ShouldNotContain("NNEB-01");
        shared.ShouldBe(await Codes("""
            select m.code::text from module m where m.archived_at is null and (select count(*) from qualification_module qm where qm.module_id = m.id) >= 2
            order by search_text(m.code::text) collate "C"
            """));

        var single = Listed(await Text(viewer, "/Modules?use=single&q=nneb"));
        single.ShouldBe(["NNEB-01", "NNEB-02", "NNEB-03"]);
        Listed(await Text(viewer, "/Modules?use=single&q=ccld301")).ShouldBeEmpty();

        var unused = Listed(await Text(viewer, "/Modules?use=unused"));
        unused.ShouldContain("UNUSED-TEST-1");
        unused.ShouldNotContain("NNEB-01");
    }

    [Fact]
    public async Task The_Common_Core_filter_finds_mapped_unmapped_and_by_area()
    {
        await Exec("""
            insert into module (code, title) values ('CCFILTER-1', 'Mapped to transitions'), ('CCFILTER-2', 'Mapped to nothing');
            insert into module_common_core (module_id, area_id, coverage, version_id)
            select m.id, a.id, 'partial', v.id from module m, common_core_area a, common_core_version v
            where m.code = 'CCFILTER-1' and a.number = 4 and v.code = '2010';
            """);
        using var viewer = await site.ClientAsync("viewer");
        Listed(await Text(viewer, "/Modules?cc=any&q=ccfilter")).ShouldBe(["CCFILTER-1"]);
        Listed(await Text(viewer, "/Modules?cc=none&q=ccfilter")).ShouldBe(["CCFILTER-2"]);
        Listed(await Text(viewer, "/Modules?cc=3&q=ccfilter")).ShouldBeEmpty();

        var transitions = await Text(viewer, "/Modules?cc=4");
        Listed(transitions).ShouldBe(await Codes("""
            select m.code::text from module m where m.archived_at is null
              and exists (select 1 from module_common_core mc join common_core_area a on a.id = mc.area_id where mc.module_id = m.id and a.number = 4)
            order by search_text(m.code::text) collate "C"
            """));
        Listed(transitions).ShouldContain("CCLD321");
        Listed(transitions).ShouldContain("CCFILTER-1");
        transitions.ShouldContain("cc=4", customMessage: "the filter stays in the sorting links");
    }

    [Fact]
    public async Task The_list_sorts_by_each_column_either_way_and_pages_fifty_at_a_time()
    {
        using var viewer = await site.ClientAsync("viewer");
        var ascending = Listed(await Text(viewer, "/Modules?q=ccld&sort=code&dir=asc"));
        ascending.Count.ShouldBeGreaterThan(5);
        ascending.ShouldBe(ascending.Order(StringComparer.Ordinal).ToList());
        Listed(await Text(viewer, "/Modules?q=ccld&sort=code&dir=desc")).ShouldBe(Enumerable.Reverse(ascending).ToList());

        var byUse = await Text(viewer, "/Modules?sort=qualifications&dir=desc");
        Listed(byUse).Take(10).ShouldBe(await Codes("""
            select m.code::text from module m where m.archived_at is null
            order by (select count(*) from qualification_module qm where qm.module_id = m.id) desc, m.id desc limit 10
            """), "the modules in most qualifications come first");
        byUse.ShouldContain("aria-sort=\"descending\"><a class=\"govuk-link\" href=\"/Modules?dir=asc&sort=qualifications\">Qualifications</a>");

        var byTitle = Listed(await Text(viewer, "/Modules?q=nneb&sort=title"));
        byTitle.ShouldBe(["NNEB-03", "NNEB-01", "NNEB-02"], "Nursery practice, Physical care, Social emotional");
        var byLevel = Listed(await Text(viewer, "/Modules?q=ccld&sort=level&dir=desc"));
        byLevel[0].ShouldStartWith("CCLD4");

        var first = await Text(viewer, "/Modules");
        first.ShouldContain("Showing 1 to 50 of");
        Listed(first).Count.ShouldBe(50);
        first.ShouldContain("page=2", customMessage: "there is a next page");
        var second = Listed(await Text(viewer, "/Modules?page=2"));
        second.ShouldNotBeEmpty();
        second.Intersect(Listed(first)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_bad_filter_value_is_explained_and_ignored_and_an_empty_result_says_so()
    {
        using var viewer = await site.ClientAsync("viewer");
        var response = await viewer.GetAsync("/Modules?use=often&cc=7&level=11&framework=XYZ&sort=password&page=-3");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("Choose shared, in one or in no qualification, not often");
        html.ShouldContain("Choose any area, no area or an area from 1 to 6, not 7");
        html.ShouldContain("11 is not a level");
        html.ShouldContain("There is no level framework called XYZ");
        Listed(html).Count.ShouldBe(50);
        var empty = await Text(viewer, "/Modules?q=zzzz-nothing-like-this");
        empty.ShouldContain("No modules found");
        empty.ShouldContain("clear all filters");
    }

    // ---------------------------------------------------------------- details

    [Fact]
    public async Task The_details_show_the_fields_the_qualifications_containing_it_its_mapping_and_open_review_flags()
    {
        var id = await Id("CCLD301");
        await Exec($"insert into review_flag (entity_kind, entity_id, reason, detail, raised_by) values ('module', {id}, 'stale-record', 'not reviewed for 14 months', 'job:test')");
        using var viewer = await site.ClientAsync("viewer");
        var html = await Text(viewer, $"/Modules/Details/{id}");
        html.ShouldContain("Develop and promote positive relationships");
        html.ShouldContain("NQF 3 (Level 3)");
        html.ShouldContain("In 3 qualifications. Changes to the module apply in all of them.");
        foreach (var reference in new[] { "NVQ3-CCLD", "NVQ3-CCLD-CG", "PW-NVQ3" })
            html.ShouldContain($"href=\"/Qualifications/Details/{await Count($"select id from qualification where reference = '{reference}'")}\">{reference}</a>");
        html.ShouldContain("Whole unit on communication and relationships with children and adults");
        html.ShouldContain("Needs review: stale record (not reviewed for 14 months)");
        html.ShouldContain("A bridging module in 1 progression route.");
        html.ShouldContain($"href=\"/Modules/History/{id}\"");
        html.ShouldNotContain(">Edit</a>", customMessage: "a viewer is not offered editing");

        using var editor = await site.ClientAsync("editor");
        var editorView = await Text(editor, $"/Modules/Details/{id}");
        editorView.ShouldContain($"href=\"/Modules/Edit/{id}?returnUrl=");
        editorView.ShouldContain($"href=\"/Modules/EditMappings/{id}\"");
        (await Text(editor, "/ReviewQueue")).ShouldContain($"href=\"/Modules/Details/{id}\"", customMessage: "the review queue links the flagged module");
    }

    // ---------------------------------------------------------------- add and edit

    [Fact]
    public async Task Adding_a_module_saves_it_and_records_who_did_it()
    {
        using var editor = await site.ClientAsync("editor");
        var level = await LevelId("RQF", "3");
        var response = await SaveAsync(editor, "/Modules/Edit", NewForm("  ADD-TEST-01 ",
            ("Input.Title", " Supporting children's transitions "), ("Input.Description", "Moving between settings"), ("Input.LevelId", level.ToString()),
            ("Input.Credits", "4"), ("Input.Glh", "30"), ("Input.ReviewIntervalMonths", "24"), ("next", "save")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await Id("ADD-TEST-01");
        response.Headers.Location!.ToString().ShouldBe($"/Modules/Details/{id}");
        (await Scalar($"select concat_ws('|', code, title, description, level_id, credits, glh, review_interval_months) from module where id = {id}"))
            .ShouldBe($"ADD-TEST-01|Supporting children's transitions|Moving between settings|{level}|4|30|24");
        (await Scalar($"select actor from history where table_name = 'module' and row_key = jsonb_build_object('id', {id}::bigint)")).ShouldBe("user:editor@test.local");
        Listed(await Text(editor, "/Modules?q=add-test-01")).ShouldBe(["ADD-TEST-01"]);

        // "Save and add another" comes back to a blank form, carrying the list's address.
        var another = await SaveAsync(editor, "/Modules/Edit?returnUrl=%2FModules%3Fq%3Dadd", NewForm("ADD-TEST-02", ("next", "another")));
        another.Headers.Location!.ToString().ShouldBe("/Modules/Edit?returnUrl=%2FModules%3Fq%3Dadd");
        var next = await SaveAsync(editor, "/Modules/Edit?returnUrl=%2FModules%3Fq%3Dadd", NewForm("ADD-TEST-03", ("next", "save")));
        next.Headers.Location!.ToString().ShouldBe("/Modules?q=add", "back to the list the editor came from");
    }

    [Fact]
    public async Task Editing_a_module_changes_only_what_was_changed()
    {
        var id = await Id("CCLD205");
        using var editor = await site.ClientAsync("editor");
        var page = await Text(editor, $"/Modules/Edit/{id}");
        page.ShouldContain("value=\"CCLD205\"");
        page.ShouldContain("<optgroup label=\"NQF\">", customMessage: "levels are grouped by framework");
        page.ShouldContain($"<option value=\"{await LevelId("NQF", "2")}\" selected>NQF Level 2</option>");
        page.ShouldContain("NHS-CF 2: Support workers");

        var response = await SaveAsync(editor, $"/Modules/Edit/{id}", await CurrentForm(id, ("Input.Glh", "25"), ("Input.LevelId", ""), ("next", "continue")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe($"/Modules/Edit/{id}");
        (await Scalar($"select concat_ws('|', code, glh, coalesce(level_id::text, 'none')) from module where id = {id}")).ShouldBe("CCLD205|25|none");
        (await Scalar($"select array_to_string(changed_fields, ',') from history where table_name = 'module' and row_key = jsonb_build_object('id', {id}::bigint) and operation = 'U' order by id desc limit 1"))
            .ShouldBe("glh,level_id");
    }

    [Theory]
    [InlineData("Input.Code", "", "Enter the module code")]
    [InlineData("Input.Code", "   ", "Enter the module code")]
    [InlineData("Input.Code", "X12345678901234567890123456789012345678901234567890123456789012345", "A module code must be 64 characters or fewer")]
    [InlineData("Input.Title", "", "Enter the module's title")]
    [InlineData("Input.Credits", "-1", "Credits must be a whole number, 0 or more")]
    [InlineData("Input.Credits", "three", "Credits must be a whole number, 0 or more")]
    [InlineData("Input.Glh", "1.5", "Guided learning hours must be a whole number, 0 or more")]
    [InlineData("Input.LevelId", "987654", "Select a level from the list")]
    [InlineData("Input.LevelId", "level 3", "Select a level from the list")]
    [InlineData("Input.ReviewIntervalMonths", "0", "The review interval must be a whole number of months from 1 to 120")]
    public async Task Each_bad_value_is_shown_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from module");
        var response = await SaveAsync(editor, "/Modules/Edit", NewForm("BAD-VALUE-TEST", (field, value)));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("There is a problem");
        html.ShouldContain($"href=\"#{field.Replace('.', '_')}\">{message}");
        html.ShouldContain($"<p id=\"{field.Replace('.', '_')}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {message}");
        (await Count("select count(*) from module")).ShouldBe(before);
    }

    [Fact]
    public async Task A_title_over_500_characters_is_refused()
    {
        using var editor = await site.ClientAsync("editor");
        var html = await Text(await SaveAsync(editor, "/Modules/Edit", NewForm("LONG-TITLE-TEST", ("Input.Title", new string('t', 501)))));
        html.ShouldContain("The title must be 500 characters or fewer");
        (await Count("select count(*) from module where code = 'LONG-TITLE-TEST'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_code_another_module_has_is_refused_whatever_its_capitals_and_names_that_module()
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from module");
        var html = await Text(await SaveAsync(editor, "/Modules/Edit", NewForm("ccld301")));
        html.ShouldContain("href=\"#Input_Code\">Module CCLD301 (Develop and promote positive relationships) already has this code");
        (await Count("select count(*) from module")).ShouldBe(before);

        // Renaming a module onto another's code is refused the same way.
        var id = await Id("CCLD302");
        (await Text(await SaveAsync(editor, $"/Modules/Edit/{id}", await CurrentForm(id, ("Input.Code", "CCLD303")))))
            .ShouldContain("Module CCLD303 (Promote children's development) already has this code");
        (await Scalar($"select code::text from module where id = {id}")).ShouldBe("CCLD302");
    }

    [Fact]
    public async Task A_code_taken_by_a_save_that_slipped_in_between_becomes_a_field_error_not_an_error_page()
    {
        // Stands in for a second editor saving the same code between this page's check and its
        // insert: inside the same statement, so the database's unique key is what refuses it.
        await Exec("""
            create function test_sneak_in() returns trigger language plpgsql as $$
            begin
              if new.code = 'RACE-TEST-1' and pg_trigger_depth() = 1 then
                insert into module (code, title) values ('race-test-1', 'Sneaked in');
              end if;
              return new;
            end $$;
            create trigger test_sneak_in before insert on module for each row execute function test_sneak_in();
            """);
        try
        {
            using var editor = await site.ClientAsync("editor");
            var response = await SaveAsync(editor, "/Modules/Edit", NewForm("RACE-TEST-1"));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await Text(response)).ShouldContain("href=\"#Input_Code\">Another module was given this code a moment ago");
            (await Count("select count(*) from module where code = 'RACE-TEST-1'")).ShouldBe(0);
        }
        finally
        {
            await Exec("drop trigger test_sneak_in on module; drop function test_sneak_in()");
        }
    }

    [Fact]
    public async Task Two_editors_saving_the_same_module_never_overwrite_each_other()
    {
        var id = await Id("CCLD203");
        var path = $"/Modules/Edit/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);
        var changesBefore = await Count($"select count(*) from history where table_name = 'module' and row_key = jsonb_build_object('id', {id}::bigint)");

        (await alice.PostRawAsync(path, WithPageState(alicePage, await CurrentForm(id, ("Input.Title", "Support children's development (Alice)")))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var bobForm = await CurrentForm(id, ("Input.Credits", "7"));
        var conflict = await bob.PostRawAsync(path, WithPageState(bobPage, bobForm));

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this module while you were editing it");
        html.ShouldContain("Support children's development (Alice)");
        html.ShouldContain("user:editor@test.local");
        html.ShouldContain("name=\"Input.Credits\" type=\"text\" value=\"7\"", customMessage: "Bob's own change is still in the form");
        (await Scalar($"select concat_ws('|', title, coalesce(credits::text, 'none')) from module where id = {id}")).ShouldBe("Support children's development (Alice)|none");
        (await Count($"select count(*) from history where table_name = 'module' and row_key = jsonb_build_object('id', {id}::bigint)"))
            .ShouldBe(changesBefore + 1, "one save recorded, not two");

        // Having read Alice's change, Bob saves again from the conflict page: now his values win, knowingly.
        (await bob.PostRawAsync(path, WithPageState(await conflict.Content.ReadAsStringAsync(), bobForm))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select credits::text from module where id = {id}")).ShouldBe("7");
    }

    // ---------------------------------------------------------------- Common Core mapping

    [Fact]
    public async Task The_mapping_page_saves_coverage_version_and_evidence_per_area_and_the_history_records_it()
    {
        var id = await Id("NNEB-02");
        using var editor = await site.ClientAsync("editor");
        var path = $"/Modules/EditMappings/{id}";
        var page = await editor.GetStringAsync(path);
        page.ShouldContain("Effective communication and engagement with children, young people and families");
        page.ShouldContain("<option value=\"2010\" selected=\"selected\">2010</option>", customMessage: "new mappings default to the 2010 wording");

        var saved = await editor.PostRawAsync(path, WithMappingState(page, MappingForm(
            (1, "full", "2010", "  Talking with children and families  "), (2, "partial", "2005", ""))));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        saved.Headers.Location!.ToString().ShouldBe($"/Modules/Details/{id}");
        (await MappingsOf(id)).ShouldBe("1:full:2010:Talking with children and families|2:partial:2005:");

        // Unmapping one area and changing another; unchanged cells write nothing.
        page = await editor.GetStringAsync(path);
        (await editor.PostRawAsync(path, WithMappingState(page, MappingForm((2, "full", "2005", "Covers development"))))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await MappingsOf(id)).ShouldBe("2:full:2005:Covers development");
        (await Count($"select count(*) from history where table_name = 'module_common_core' and row_key @> jsonb_build_object('module_id', {id}::bigint) and actor = 'user:editor@test.local'"))
            .ShouldBe(4, "two added, one removed, one changed");

        var details = await Text(editor, $"/Modules/Details/{id}");
        details.ShouldContain("2. Child and young person development");
        details.ShouldContain("Covers development");
        var history = await Text(editor, $"/Modules/History/{id}");
        history.ShouldContain("Removed common core by user:editor@test.local");
        history.ShouldContain("Added common core by user:editor@test.local");
        history.ShouldContain(">1. Effective communication and engagement with children, young people and families<", customMessage: "areas are named, not numbered by id");
        history.ShouldContain(">2005<");
    }

    [Fact]
    public async Task Bad_mapping_values_are_shown_beside_their_fields_and_nothing_is_saved()
    {
        var id = await Id("NNEB-03");
        using var editor = await site.ClientAsync("editor");
        var path = $"/Modules/EditMappings/{id}";
        var form = MappingForm((1, "full", "2010", "fine"), (3, "mostly", "2010", ""), (4, "partial", "1999", ""));
        form.RemoveAll(f => f.Key == "Cells[4].Evidence");
        form.Add(new("Cells[4].Evidence", "Evidence for an unmapped area"));
        form.RemoveAll(f => f.Key == "Cells[5].Evidence");
        form.Add(new("Cells[5].Evidence", new string('e', 2001)));
        form.RemoveAll(f => f.Key == "Cells[5].Coverage");
        form.Add(new("Cells[5].Coverage", "full"));
        var response = await editor.PostRawAsync(path, WithMappingState(await editor.GetStringAsync(path), form));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("href=\"#Cells_2__Coverage\">Choose full, partial or not mapped");
        html.ShouldContain("href=\"#Cells_3__Version\">Choose the 2005 or 2010 Common Core");
        html.ShouldContain("href=\"#Cells_4__Evidence\">Evidence was given for an area marked as not mapped");
        html.ShouldContain("href=\"#Cells_5__Evidence\">Evidence must be 2,000 characters or fewer");
        html.ShouldContain("<p class=\"govuk-error-message\" id=\"Cells_2__Coverage-error\">");
        html.ShouldContain("value=\"Evidence for an unmapped area\"", customMessage: "what was typed is kept");
        (await MappingsOf(id)).ShouldBe("");
    }

    [Fact]
    public async Task Two_people_mapping_the_same_module_never_overwrite_each_other()
    {
        var id = await Id("CCLD205");
        var path = $"/Modules/EditMappings/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);
        var bobEdit = await bob.GetStringAsync($"/Modules/Edit/{id}");

        (await alice.PostRawAsync(path, WithMappingState(alicePage, MappingForm((4, "partial", "2010", "Alice's evidence"))))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var bobForm = MappingForm((5, "full", "2010", "Bob's evidence"));
        var conflict = await bob.PostRawAsync(path, WithMappingState(bobPage, bobForm));
        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this module while you were editing it");
        html.ShouldContain("Common Core area added");
        html.ShouldContain("value=\"Bob's evidence\"", customMessage: "Bob's choices are still in the form");
        (await MappingsOf(id)).ShouldBe("4:partial:2010:Alice's evidence");

        // The module's own form, opened before Alice's save, is stale too and lists her mapping.
        var staleEdit = await bob.PostRawAsync($"/Modules/Edit/{id}", WithPageState(bobEdit, await CurrentForm(id, ("Input.Glh", "12"))));
        staleEdit.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(staleEdit)).ShouldContain("Common Core area added");

        // Saving again after reading applies Bob's grid as he sees it.
        (await bob.PostRawAsync(path, WithMappingState(await conflict.Content.ReadAsStringAsync(), bobForm))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await MappingsOf(id)).ShouldBe("5:full:2010:Bob's evidence");
    }

    // ---------------------------------------------------------------- archive, bulk, history, delete

    [Fact]
    public async Task Archiving_hides_a_module_from_the_list_and_the_lookup_and_restoring_brings_it_back()
    {
        var id = await Id("YW203");
        using var editor = await site.ClientAsync("editor");
        (await editor.PostFormAsync($"/Modules/Archive/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Modules/Archive/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Listed(await Text(editor, "/Modules?q=yw203")).ShouldBeEmpty();
        Listed(await Text(editor, "/Modules?q=yw203&show=archived")).ShouldBe(["YW203"]);
        (await Text(editor, $"/Modules/Details/{id}")).ShouldContain("Archived on");
        (await editor.GetStringAsync("/Modules/Lookup?q=YW203")).ShouldBe("[]");

        (await editor.PostFormAsync($"/Modules/Restore/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Modules/Restore/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Listed(await Text(editor, "/Modules?q=yw203")).ShouldBe(["YW203"]);
        (await Count($"select count(*) from history where table_name = 'module' and row_key = jsonb_build_object('id', {id}::bigint) and 'archived_at' = any (changed_fields)"))
            .ShouldBe(2);
    }

    [Fact]
    public async Task Bulk_actions_archive_restore_and_mark_reviewed_the_selection()
    {
        using var editor = await site.ClientAsync("editor");
        var ids = new[] { await Id("LMT-01"), await Id("LMT-02") };
        var selection = ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())).ToList();

        var archived = await editor.PostFormAsync("/Modules/Bulk?handler=Archive", [.. selection, new("ReturnUrl", "/Modules?q=lmt")], formPage: "/Modules");
        archived.Headers.Location!.ToString().ShouldBe("/Modules?q=lmt", "back to the list view the user came from");
        (await Count($"select count(*) from module where id in ({ids[0]}, {ids[1]}) and archived_at is not null")).ShouldBe(2);
        (await Text(editor, "/Modules?q=lmt")).ShouldContain("Archived 2 modules");

        await editor.PostFormAsync("/Modules/Bulk?handler=Restore", selection, formPage: "/Modules");
        await editor.PostFormAsync("/Modules/Bulk?handler=Reviewed", [.. selection, new("ReturnUrl", "//evil.example/")], formPage: "/Modules");
        (await Count($"select count(*) from module where id in ({ids[0]}, {ids[1]}) and archived_at is null and last_reviewed_by = 'editor@test.local'"))
            .ShouldBe(2);
        (await Count($"select count(*) from history where table_name = 'module' and actor = 'user:editor@test.local' and 'last_reviewed_by' = any (changed_fields) and row_key = jsonb_build_object('id', {ids[0]}::bigint)"))
            .ShouldBe(1);
    }

    [Fact]
    public async Task The_history_shows_field_changes_level_names_and_qualification_links_with_who_made_them()
    {
        var id = await Id("CCLD304");
        using var editor = await site.ClientAsync("editor");
        (await SaveAsync(editor, $"/Modules/Edit/{id}", await CurrentForm(id,
            ("Input.Title", "Reflect on and develop practice (revised)"), ("Input.LevelId", (await LevelId("QCF", "3")).ToString()))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await Exec($"""
            select set_config('iqf.actor', 'user:someone@test.local', false);
            insert into qualification_module (qualification_id, module_id) select id, {id} from qualification where reference = 'CYPW-L3';
            """);

        var history = await Text(editor, $"/Modules/History/{id}");
        history.ShouldContain("Changed by user:editor@test.local");
        history.ShouldContain(">title<");
        history.ShouldContain(">Reflect on and develop practice (revised)<");
        history.ShouldContain(">level id<");
        history.ShouldContain(">NQF 3<");
        history.ShouldContain(">QCF 3<", customMessage: "levels are named, not numbered");
        history.ShouldContain("Added qualification module by user:someone@test.local");
        history.ShouldContain(">CYPW-L3 ");
    }

    [Fact]
    public async Task Delete_is_refused_while_a_qualification_contains_the_module()
    {
        using var admin = await site.ClientAsync("admin");
        var id = await Id("CCLD301");
        var page = await Text(admin, $"/Modules/Delete/{id}");
        page.ShouldContain("cannot be deleted");
        page.ShouldContain("3 qualifications contain it (NVQ3-CCLD, NVQ3-CCLD-CG, PW-NVQ3)");
        page.ShouldContain("1 progression route names it as a bridging module");
        (await admin.PostFormAsync($"/Modules/Delete/{id}", [], formPage: $"/Modules/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count($"select count(*) from module where id = {id}")).ShouldBe(1);
    }

    [Fact]
    public async Task Delete_of_a_module_in_no_qualification_removes_it_and_its_mapping_and_keeps_the_history()
    {
        using var editor = await site.ClientAsync("editor");
        (await SaveAsync(editor, "/Modules/Edit", NewForm("MISTAKE-TEST-1"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await Id("MISTAKE-TEST-1");
        var mapping = $"/Modules/EditMappings/{id}";
        (await editor.PostRawAsync(mapping, WithMappingState(await editor.GetStringAsync(mapping), MappingForm((2, "full", "2010", "")))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        using var admin = await site.ClientAsync("admin");
        var deleted = await admin.PostFormAsync($"/Modules/Delete/{id}", [], formPage: $"/Modules/Delete/{id}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        deleted.Headers.Location!.ToString().ShouldBe("/Modules");
        (await Count($"select count(*) from module where id = {id}")).ShouldBe(0);
        (await Count($"select count(*) from module_common_core where module_id = {id}")).ShouldBe(0);
        (await Count($"""
            select count(*) from history where operation = 'D' and actor = 'user:admin@test.local'
              and ((table_name = 'module' and row_key = jsonb_build_object('id', {id}::bigint))
                or (table_name = 'module_common_core' and row_key @> jsonb_build_object('module_id', {id}::bigint)))
            """)).ShouldBe(2);
        (await Text(admin, $"/Modules/History/{id}")).ShouldContain("MISTAKE-TEST-1");
    }

    [Theory]
    [InlineData("/Modules/Details/987654")]
    [InlineData("/Modules/Edit/987654")]
    [InlineData("/Modules/EditMappings/987654")]
    [InlineData("/Modules/History/987654")]
    [InlineData("/Modules/Archive/987654")]
    [InlineData("/Modules/Restore/987654")]
    [InlineData("/Modules/Delete/987654")]
    [InlineData("/Modules/Details/not-a-number")]
    public async Task An_unknown_module_is_a_404_page(string path)
    {
        using var admin = await site.ClientAsync("admin");
        var response = await admin.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Page not found");
    }

    [Fact]
    public async Task Saving_an_unknown_module_is_a_404_not_a_new_record()
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from module");
        (await editor.PostFormAsync("/Modules/Edit/987654", NewForm("GHOST-TEST-1"), formPage: "/Modules/Edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await editor.PostFormAsync("/Modules/EditMappings/987654", MappingForm((1, "full", "2010", "")), formPage: "/Modules/Edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Count("select count(*) from module")).ShouldBe(before);
    }

    // ---------------------------------------------------------------- export

    /// <summary>Two qualifications sharing a module, a module in one only, a module in none, and mappings of both kinds.</summary>
    private async Task<(long A, long B, long Shared, long Second, long Orphan)> ExportSampleAsync()
    {
        await Exec("""
            insert into qualification (reference, title, type) values ('TEST-EXP-A', 'Export test A', 'award'), ('TEST-EXP-B', 'Export test B', 'award')
              on conflict do nothing;
            insert into module (code, title, level_id, credits, glh)
              select 'EXP-1', 'First, "quoted" module', level_id, 5, 40 from level_lookup where framework_code = 'RQF' and level_code = '3'
              on conflict do nothing;
            insert into module (code, title) values ('EXP-2', 'Second module'), ('EXP-ORPHAN', 'In nothing') on conflict do nothing;
            insert into qualification_module (qualification_id, module_id, mandatory, group_name, position)
            select q.id, m.id, x.mandatory, x.grp, x.pos
            from (values ('TEST-EXP-A', 'EXP-1', true, null, 0), ('TEST-EXP-A', 'EXP-2', false, 'Options', 1), ('TEST-EXP-B', 'EXP-1', false, 'Group B', 0))
                 as x(ref, code, mandatory, grp, pos)
            join qualification q on q.reference = x.ref join module m on m.code = x.code::citext
            on conflict do nothing;
            insert into module_common_core (module_id, area_id, coverage, version_id, evidence)
            select m.id, a.id, x.coverage, v.id, x.evidence
            from (values ('EXP-1', 1, 'full', '2010', 'Talks to families'), ('EXP-1', 3, 'partial', '2005', null), ('EXP-2', 6, 'full', '2010', 'Shares, "carefully"'),
                         ('EXP-ORPHAN', 2, 'full', '2010', 'Never written'))
                 as x(code, area, coverage, version, evidence)
            join module m on m.code = x.code::citext join common_core_area a on a.number = x.area join common_core_version v on v.code = x.version
            on conflict do nothing;
            insert into qualification_common_core (qualification_id, area_id, coverage, version_id, evidence)
            select q.id, a.id, 'partial', v.id, 'Whole qualification' from qualification q, common_core_area a, common_core_version v
            where q.reference = 'TEST-EXP-A' and a.number = 2 and v.code = '2010'
            on conflict do nothing;
            """);
        return (await Count("select id from qualification where reference = 'TEST-EXP-A'"), await Count("select id from qualification where reference = 'TEST-EXP-B'"),
            await Id("EXP-1"), await Id("EXP-2"), await Id("EXP-ORPHAN"));
    }

    private async Task<string[]> WriteAsync(Func<NpgsqlConnection, TextWriter, Task> write)
    {
        await using var conn = new NpgsqlConnection(site.ConnectionString);
        await conn.OpenAsync();
        var text = new StringWriter();
        await write(conn, text);
        return text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task ModuleExport_writes_one_row_per_qualification_containing_each_module_and_leaves_out_a_module_in_none()
    {
        var s = await ExportSampleAsync();
        var lines = await WriteAsync((conn, w) => ModuleExport.WriteAsync(conn, [s.Orphan, s.Second, s.Shared], w));
        lines.ShouldBe(
        [
            "qualification_reference,code,title,level,framework,credits,glh,mandatory,group",
            "TEST-EXP-A,EXP-1,\"First, \"\"quoted\"\" module\",3,RQF,5,40,true,",
            "TEST-EXP-A,EXP-2,Second module,,,,,false,Options",
            "TEST-EXP-B,EXP-1,\"First, \"\"quoted\"\" module\",3,RQF,5,40,false,Group B",
        ]);
        await using var conn = new NpgsqlConnection(site.ConnectionString);
        await conn.OpenAsync();
        (await ModuleExport.LeftOutAsync(conn, [s.Orphan, s.Second, s.Shared])).ShouldBe([(s.Orphan, "EXP-ORPHAN")]);

        // All modules: one row per qualification-module link, so the whole sample module list.
        var all = await WriteAsync((c, w) => ModuleExport.WriteAsync(c, null, w));
        (all.Length - 1).ShouldBe((int)await Count("select count(*) from qualification_module"));
    }

    [Fact]
    public async Task CommonCoreExport_writes_qualification_and_module_mappings_each_module_once()
    {
        var s = await ExportSampleAsync();
        var header = "qualification_reference,module_code,area,version,coverage,evidence";
        (await WriteAsync((conn, w) => CommonCoreExport.WriteAsync(conn, [s.B, s.A], w))).ShouldBe(
        [
            header,
            "TEST-EXP-A,,2,2010,partial,Whole qualification",
            "TEST-EXP-A,EXP-1,1,2010,full,Talks to families",
            "TEST-EXP-A,EXP-1,3,2005,partial,",
            "TEST-EXP-A,EXP-2,6,2010,full,\"Shares, \"\"carefully\"\"\"",
        ]);
        // Through B alone, the shared module's mapping is reached through B.
        (await WriteAsync((conn, w) => CommonCoreExport.WriteAsync(conn, [s.B], w))).ShouldBe(
        [
            header,
            "TEST-EXP-B,EXP-1,1,2010,full,Talks to families",
            "TEST-EXP-B,EXP-1,3,2005,partial,",
        ]);
        // Everything: every qualification mapping and every mapping of a module in some qualification, once each.
        var all = await WriteAsync((conn, w) => CommonCoreExport.WriteAsync(conn, null, w));
        (all.Length - 1).ShouldBe((int)await Count("""
            select (select count(*) from qualification_common_core)
                 + (select count(*) from module_common_core mc where exists (select 1 from qualification_module qm where qm.module_id = mc.module_id))
            """));
        all.ShouldNotContain(l => l.Contains("Never written"));
        all.Count(l => l.StartsWith("TEST-EXP-A,EXP-1,") || l.StartsWith("TEST-EXP-B,EXP-1,")).ShouldBe(2);
    }

    [Fact]
    public async Task Selected_modules_export_as_CSV_and_modules_in_no_qualification_are_named_as_left_out()
    {
        var s = await ExportSampleAsync();
        using var planner = await site.ClientAsync("planner");
        var selected = new[] { s.Shared, s.Second }.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())).ToList();
        var file = await planner.PostFormAsync("/Modules/Export", selected, formPage: "/Modules");
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await file.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(4);

        // With a module in no qualification among them: a page says which, then offers the rest.
        var mixed = await planner.PostFormAsync("/Modules/Export", [.. selected, new("Ids", s.Orphan.ToString()), new("ReturnUrl", "/Modules?q=exp")], formPage: "/Modules");
        mixed.StatusCode.ShouldBe(HttpStatusCode.OK);
        mixed.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var page = await Text(mixed);
        page.ShouldContain("1 selected module is left out of the file: module EXP-ORPHAN is in no qualification.");
        page.ShouldContain("Export the other 2 modules");
        page.ShouldContain("href=\"/Modules?q=exp\"");
        var rest = await planner.PostRawAsync("/Modules/Export",
        [
            .. Regex.Matches(page, "name=\"(Ids|LeftOutShown)\" value=\"([^\"]+)\"").Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, m.Groups[2].Value)),
            new("__RequestVerificationToken", SiteClient.Token(page)),
        ]);
        rest.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await rest.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(4);
        lines.ShouldNotContain(l => l.Contains("EXP-ORPHAN"));

        // Only such modules: nothing to download, and the list says why.
        var none = await planner.PostFormAsync("/Modules/Export", [new("Ids", s.Orphan.ToString()), new("ReturnUrl", "/Modules?q=exp")], formPage: "/Modules");
        none.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        none.Headers.Location!.ToString().ShouldBe("/Modules?q=exp");
        (await Text(planner, "/Modules?q=exp")).ShouldContain("Nothing was exported: module EXP-ORPHAN is in no qualification");
    }

    // ---------------------------------------------------------------- lookup and the qualification editor's autocomplete

    private sealed record Suggestion(string Code, string Title, string? Level);

    private static async Task<List<Suggestion>> LookupAsync(SiteClient client, string q)
    {
        var response = await client.GetAsync($"/Modules/Lookup?q={Uri.EscapeDataString(q)}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        return JsonSerializer.Deserialize<List<Suggestion>>(await response.Content.ReadAsStringAsync(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    [Fact]
    public async Task The_lookup_suggests_modules_by_code_prefix_then_by_title_words_as_JSON()
    {
        using var viewer = await site.ClientAsync("viewer");
        var raw = await viewer.GetStringAsync("/Modules/Lookup?q=ccld301");
        raw.ShouldStartWith("[{\"code\":\"CCLD301\",\"title\":\"Develop and promote positive relationships\",\"level\":\"NQF 3\"}");

        (await LookupAsync(viewer, "ccld30")).Select(s => s.Code).ShouldBe(["CCLD301", "CCLD302", "CCLD303", "CCLD304", "CCLD305"]);
        var byTitle = await LookupAsync(viewer, "SAFE keeping");
        byTitle.Select(s => s.Code).ShouldBe(["DCE-02"], "every word of the title, in any order and capitals");
        byTitle[0].Title.ShouldBe("Keeping children safe");
        (await LookupAsync(viewer, "hlta-s1")).ShouldBe([new Suggestion("HLTA-S1", "Professional attributes", null)]);
        (await LookupAsync(viewer, "")).ShouldBeEmpty();
        (await LookupAsync(viewer, "%")).ShouldBeEmpty("a % typed is a character, not a wildcard");

        // Code matches come before title matches, and there are never more than 20.
        await Exec("""
            insert into module (code, title) select 'LOOKUP-' || lpad(n::text, 2, '0'), 'Numbered lookup unit ' || n from generate_series(1, 25) n;
            insert into module (code, title) values ('ZZ-LOOKUP', 'Lookup appears in this title');
            """);
        var many = await LookupAsync(viewer, "lookup");
        many.Count.ShouldBe(20);
        many.Select(s => s.Code).ShouldBe(Enumerable.Range(1, 20).Select(n => $"LOOKUP-{n:00}"));
    }

    [Fact]
    public async Task The_lookup_needs_a_signed_in_user()
    {
        using var anonymous = await site.ClientAsync(null);
        var response = await anonymous.GetAsync("/Modules/Lookup?q=ccld");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/SignIn");
    }

    [Fact]
    public async Task The_qualification_module_list_offers_the_autocomplete_as_an_enhancement_of_a_plain_text_box()
    {
        using var editor = await site.ClientAsync("editor");
        var id = await Count("select id from qualification where reference = 'NVQ2-CCLD'");
        var html = await editor.GetStringAsync($"/Qualifications/EditModules/{id}");
        // The plain box is there for people without JavaScript; the hook and the script enhance it.
        html.ShouldContain("<div data-module-lookup=\"/Modules/Lookup\" class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"Add_Code\">Module code</label><input class=\"govuk-input govuk-input--width-10\" id=\"Add_Code\" name=\"Add.Code\" type=\"text\"");
        html.ShouldContain("<script type=\"module\" src=\"/js/module-lookup.js\"></script>");
        html.ShouldNotContain("<script>", customMessage: "no inline script (CSP)");

        var script = await editor.GetStringAsync("/js/module-lookup.js");
        script.ShouldContain("/lib/accessible-autocomplete/accessible-autocomplete.min");
        (await editor.GetAsync("/lib/accessible-autocomplete/accessible-autocomplete.min.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.GetAsync("/lib/accessible-autocomplete/accessible-autocomplete.min.css")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
