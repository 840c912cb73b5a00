using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Iqf.Tests.Support;
using Npgsql;

namespace Iqf.Tests.Admin;

/// <summary>The organisation pages as in-putters use them, over HTTP against the real site and database.</summary>
public partial class OrganisationPagesTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);
    private Task<long> Id(string name) => TestPostgres.ScalarAsync<long>(site.ConnectionString, $"select id from organisation where name = '{name.Replace("'", "''")}'");
    private Task<string> Scalar(string sql) => TestPostgres.ScalarAsync<string>(site.ConnectionString, sql);

    /// <summary>The page as text, entities decoded, so assertions read as the person reads it.</summary>
    private static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    private static async Task<string> Text(SiteClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    private static List<KeyValuePair<string, string>> NewForm(string name, params (string Key, string Value)[] extra)
    {
        var fields = new Dictionary<string, string> { ["Input.Name"] = name, ["Input.Type"] = "other" };
        foreach (var (k, v) in extra) fields[k] = v;
        return fields.ToList();
    }

    /// <summary>The edit form of an existing organisation as its page would post it unchanged, with some values replaced.</summary>
    private async Task<List<KeyValuePair<string, string>>> CurrentForm(long id, params (string Key, string Value)[] changes)
    {
        await using var conn = new NpgsqlConnection(site.ConnectionString);
        var row = await conn.QuerySingleAsync("""
            select name::text as name, coalesce(acronym::text, '') as acronym, type, coalesce(website, '') as website,
                   coalesce(ofqual_recognition_number, '') as rn, coalesce(predecessor_id::text, '') as predecessor,
                   coalesce(active_from::text, '') as active_from, coalesce(active_to::text, '') as active_to,
                   coalesce(review_interval_months::text, '') as review,
                   coalesce((select string_agg(alias::text, E'\n' order by alias) from organisation_alias where organisation_id = o.id), '') as aliases
            from organisation o where id = @id
            """, new { id });
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = row.name, ["Input.Acronym"] = row.acronym, ["Input.Type"] = row.type, ["Input.Website"] = row.website,
            ["Input.OfqualRecognitionNumber"] = row.rn, ["Input.PredecessorId"] = row.predecessor, ["Input.ActiveFrom"] = row.active_from,
            ["Input.ActiveTo"] = row.active_to, ["Input.ReviewIntervalMonths"] = row.review, ["Input.Aliases"] = row.aliases,
        };
        foreach (var (k, v) in changes) fields[k] = v;
        return fields.ToList();
    }

    /// <summary>Posts the edit form with the token, version and load time the page handed out.</summary>
    private static async Task<HttpResponseMessage> SaveAsync(SiteClient client, string path, List<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetStringAsync(path);
        return await client.PostRawAsync(path, WithPageState(page, fields));
    }

    private static List<KeyValuePair<string, string>> WithPageState(string page, List<KeyValuePair<string, string>> fields) =>
    [
        .. fields.Where(f => f.Key is not ("Input.Version" or "Input.LoadedAt")),
        new("Input.Version", Hidden(page, "Input.Version")), new("Input.LoadedAt", Hidden(page, "Input.LoadedAt")),
        new("__RequestVerificationToken", SiteClient.Token(page)),
    ];

    private static string Hidden(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"").Groups[1].Value;

    private static List<string> ListedNames(string html) =>
        Regex.Matches(html, @"/Organisations/Details/\d+\?returnUrl=[^""]*"">([^<]+)</a>").Select(m => m.Groups[1].Value).ToList();

    [Fact]
    public async Task The_list_finds_organisations_by_name_acronym_or_alias_without_regard_to_case_or_accents()
    {
        await TestPostgres.ExecAsync(site.ConnectionString, """
            insert into organisation (name, type) values ('Fédération des Écoles Test', 'other');
            insert into organisation_alias (organisation_id, alias) select id, 'Réseau Scolaire' from organisation where name = 'Fédération des Écoles Test';
            """);
        using var viewer = await site.ClientAsync("viewer");

        var byAlias = await Text(viewer, "/Organisations?q=council+for+awards+in+care");
        ListedNames(byAlias).ShouldBe(["CACHE"]);
        byAlias.ShouldContain("Also known as Council for Awards in Care, Health and Education", customMessage: "the list says why the row matched");
        ListedNames(await Text(viewer, "/Organisations?q=cwdc")).ShouldContain("Children's Workforce Development Council");
        ListedNames(await Text(viewer, "/Organisations?q=CÂCHE")).ShouldContain("CACHE");
        ListedNames(await Text(viewer, "/Organisations?q=federation+des+ecoles")).ShouldBe(["Fédération des Écoles Test"]);
        ListedNames(await Text(viewer, "/Organisations?q=RESEAU")).ShouldBe(["Fédération des Écoles Test"]);
        ListedNames(await Text(viewer, "/Organisations?q=100%25")).ShouldBeEmpty("a % typed is a character, not a wildcard");
    }

    [Fact]
    public async Task Filters_by_type_activity_and_predecessor_narrow_the_list_and_stay_in_its_links()
    {
        using var viewer = await site.ClientAsync("viewer");
        var regulators = ListedNames(await Text(viewer, "/Organisations?type=regulator"));
        regulators.ShouldContain("Ofsted");
        regulators.ShouldNotContain("CACHE");

        var inactive = ListedNames(await Text(viewer, "/Organisations?status=inactive"));
        inactive.ShouldContain("Topss England");
        inactive.ShouldNotContain("Skills for Care");
        var active = ListedNames(await Text(viewer, "/Organisations?status=active&type=sector-skills-council"));
        active.ShouldContain("Skills for Care");
        active.ShouldNotContain("Topss England");

        var succeeding = await Text(viewer, "/Organisations?predecessor=yes&type=sector-skills-council");
        ListedNames(succeeding).ShouldContain("Skills for Care");
        ListedNames(succeeding).ShouldNotContain("Topss England");
        succeeding.ShouldContain("Succeeded Topss England");
        ListedNames(await Text(viewer, "/Organisations?predecessor=no&type=sector-skills-council")).ShouldContain("Topss England");

        // Sorting links carry the filters, so a bookmark or a return trip keeps the view.
        succeeding.ShouldContain("predecessor=yes");
        succeeding.ShouldContain("type=sector-skills-council");
    }

    [Fact]
    public async Task The_list_sorts_by_a_column_either_way_and_pages_fifty_at_a_time()
    {
        using var viewer = await site.ClientAsync("viewer");
        var ascending = ListedNames(await Text(viewer, "/Organisations?type=awarding-body&sort=name&dir=asc"));
        ascending.ShouldBe(ascending.Order(StringComparer.OrdinalIgnoreCase).ToList());
        ListedNames(await Text(viewer, "/Organisations?type=awarding-body&sort=name&dir=desc")).ShouldBe(Enumerable.Reverse(ascending).ToList());

        var first = await Text(viewer, "/Organisations?sort=acronym");
        first.ShouldContain("Showing 1 to 50 of");
        ListedNames(first).Count.ShouldBe(50);
        first.ShouldContain("page=2&sort=acronym", customMessage: "the next-page link keeps the sort");
        var second = ListedNames(await Text(viewer, "/Organisations?sort=acronym&page=2"));
        second.ShouldNotBeEmpty();
        second.Intersect(ListedNames(first)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_bad_filter_value_is_explained_and_ignored_and_an_empty_result_says_so()
    {
        using var viewer = await site.ClientAsync("viewer");
        var response = await viewer.GetAsync("/Organisations?type=charity&status=sleeping&page=-2&sort=password");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("There is no organisation type called charity");
        html.ShouldContain("Choose active or no longer active, not sleeping");
        ListedNames(html).ShouldNotBeEmpty();
        (await Text(viewer, "/Organisations?q=zzzz-nothing-like-this")).ShouldContain("No organisations found");
    }

    [Fact]
    public async Task The_details_show_aliases_predecessor_successors_and_the_qualifications_awarded()
    {
        using var viewer = await site.ClientAsync("viewer");
        var cache = await Id("CACHE");
        var awarded = await Count($"select count(*) from qualification where awarding_body_id = {cache} and archived_at is null");
        awarded.ShouldBeGreaterThan(1);
        var html = await Text(viewer, $"/Organisations/Details/{cache}");
        html.ShouldContain("Council for Awards in Children's Care and Education");
        html.ShouldContain("NCFE CACHE");
        html.ShouldContain($">National Nursery Examination Board</a>");
        html.ShouldContain($"href=\"/Qualifications?awarding={cache}\">Awards {awarded} qualifications</a>");
        (await Text(viewer, $"/Qualifications?awarding={cache}")).ShouldContain($"of {awarded} qualifications", customMessage: "the link lists the same qualifications");

        var topss = await Text(viewer, $"/Organisations/Details/{await Id("Topss England")}");
        topss.ShouldContain(">Skills for Care</a> (from 1 April 2005)");
        topss.ShouldContain("Training Organisation for the Personal Social Services");
        topss.ShouldNotContain(">Edit</a>", customMessage: "a viewer is not offered editing");
    }

    [Fact]
    public async Task Adding_an_organisation_saves_it_with_its_aliases_and_records_who_did_it()
    {
        using var editor = await site.ClientAsync("editor");
        var ruskin = await Id("Ruskin College");
        var response = await SaveAsync(editor, "/Organisations/Edit", NewForm("Académie du Jeu Test",
            ("Input.Type", "training-provider"), ("Input.Acronym", "AJT"), ("Input.Aliases", "Play Academy Test\r\n\r\n  Jeu Académie  \r\n"),
            ("Input.Website", "https://example.org/ajt"), ("Input.OfqualRecognitionNumber", "rn 912345"), ("Input.PredecessorId", ruskin.ToString()),
            ("Input.ActiveFrom", "2010-09-01"), ("next", "save")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var id = await Id("Académie du Jeu Test");
        response.Headers.Location!.ToString().ShouldBe($"/Organisations/Details/{id}");
        (await Scalar($"select string_agg(alias::text, '|' order by alias) from organisation_alias where organisation_id = {id}")).ShouldBe("Jeu Académie|Play Academy Test");
        (await Scalar($"select concat_ws('|', acronym, type, website, ofqual_recognition_number, predecessor_id, active_from) from organisation where id = {id}"))
            .ShouldBe($"AJT|training-provider|https://example.org/ajt|RN912345|{ruskin}|2010-09-01");
        (await Count($"select count(*) from organisation where id = {id} and created_at > now() - interval '1 minute' and updated_at > now() - interval '1 minute'")).ShouldBe(1);
        (await Scalar($"select actor from history where table_name = 'organisation' and row_key = jsonb_build_object('id', {id}::bigint)")).ShouldBe("user:editor@test.local");
        (await Count($"select count(*) from history where table_name = 'organisation_alias' and row_key @> jsonb_build_object('organisation_id', {id}::bigint) and actor = 'user:editor@test.local'"))
            .ShouldBe(2);
        ListedNames(await Text(editor, "/Organisations?q=jeu+academie")).ShouldBe(["Académie du Jeu Test"]);
    }

    [Theory]
    [InlineData("Input.Name", "", "Enter the organisation's name")]
    [InlineData("Input.Type", "charity", "Select the type of organisation")]
    [InlineData("Input.Website", "www.example.org", "Enter the website as a full address starting with http:// or https://")]
    [InlineData("Input.Website", "ftp://example.org", "Enter the website as a full address")]
    [InlineData("Input.OfqualRecognitionNumber", "12345", "Enter the Ofqual recognition number as RN followed by up to 6 digits")]
    [InlineData("Input.Aliases", "First name; second name", "Put each alias on its own line")]
    [InlineData("Input.Aliases", "Same Alias\nsame alias", "same alias is given twice")]
    [InlineData("Input.Aliases", "bad value test org", "bad value test org is the organisation's name")]
    [InlineData("Input.ActiveFrom", "01/04/2005", "Enter the date it became active as YYYY-MM-DD")]
    [InlineData("Input.ActiveTo", "2001-02-30", "Enter the date it stopped being active as YYYY-MM-DD")]
    [InlineData("Input.ReviewIntervalMonths", "0", "The review interval must be")]
    [InlineData("Input.PredecessorId", "987654", "Select a predecessor from the list")]
    public async Task Each_bad_value_is_shown_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from organisation");
        var response = await SaveAsync(editor, "/Organisations/Edit", NewForm("Bad Value Test Org", (field, value)));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("There is a problem");
        html.ShouldContain($"href=\"#{field.Replace('.', '_')}\">{message}");
        html.ShouldContain($"<p id=\"{field.Replace('.', '_')}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {message}");
        (await Count("select count(*) from organisation")).ShouldBe(before);
    }

    [Fact]
    public async Task Dates_in_the_wrong_order_are_refused()
    {
        using var editor = await site.ClientAsync("editor");
        var response = await SaveAsync(editor, "/Organisations/Edit", NewForm("Backwards Dates Test", ("Input.ActiveFrom", "2012-01-01"), ("Input.ActiveTo", "2011-12-31")));
        (await Text(response)).ShouldContain("The date it stopped being active must be on or after the date it became active");
        (await Count("select count(*) from organisation where name = 'Backwards Dates Test'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_name_already_in_use_is_refused_whatever_its_capitals()
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from organisation");
        var taken = await SaveAsync(editor, "/Organisations/Edit", NewForm("skills FOR care"));
        var html = await Text(taken);
        html.ShouldContain("An organisation called Skills for Care already exists");
        html.ShouldContain("href=\"#Input_Name\"");

        // Someone else's alias is a name that organisation already answers to.
        (await Text(await SaveAsync(editor, "/Organisations/Edit", NewForm("City and Guilds"))))
            .ShouldContain("City and Guilds is an alias of City & Guilds");

        // Renaming an existing organisation onto another's name is refused the same way.
        var ncfe = await Id("NCFE");
        (await Text(await SaveAsync(editor, $"/Organisations/Edit/{ncfe}", await CurrentForm(ncfe, ("Input.Name", "NOCN")))))
            .ShouldContain("An organisation called NOCN already exists");
        (await Count("select count(*) from organisation")).ShouldBe(before);
        (await Scalar($"select name::text from organisation where id = {ncfe}")).ShouldBe("NCFE");
    }

    [Fact]
    public async Task An_alias_another_organisation_uses_is_refused_and_names_that_organisation()
    {
        using var editor = await site.ClientAsync("editor");
        var response = await SaveAsync(editor, "/Organisations/Edit", NewForm("Alias Clash Test", ("Input.Aliases", "Something unique\nPEARSON edexcel")));
        var html = await Text(response);
        html.ShouldContain("Pearson Edexcel is already an alias of Edexcel");
        html.ShouldContain("href=\"#Input_Aliases\"");
        (await Count("select count(*) from organisation where name = 'Alias Clash Test'")).ShouldBe(0);

        (await Text(await SaveAsync(editor, "/Organisations/Edit", NewForm("Alias Clash Test", ("Input.Aliases", "Ofsted")))))
            .ShouldContain("Ofsted is the name of another organisation");
    }

    [Fact]
    public async Task A_recognition_number_another_organisation_holds_is_refused()
    {
        await TestPostgres.ExecAsync(site.ConnectionString, "update organisation set ofqual_recognition_number = 'RN5001' where name = 'AQA'");
        using var editor = await site.ClientAsync("editor");
        (await Text(await SaveAsync(editor, "/Organisations/Edit", NewForm("Recognition Clash Test", ("Input.OfqualRecognitionNumber", "rn5001")))))
            .ShouldContain("RN5001 is already the recognition number of AQA");
    }

    [Fact]
    public async Task A_predecessor_that_would_make_a_loop_is_refused()
    {
        using var editor = await site.ClientAsync("editor");
        var topss = await Id("Topss England");
        var direct = await SaveAsync(editor, $"/Organisations/Edit/{topss}", await CurrentForm(topss, ("Input.PredecessorId", (await Id("Skills for Care")).ToString())));
        direct.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(direct)).ShouldContain("Skills for Care cannot be the predecessor: it is already a successor of this organisation (Topss England → Skills for Care)");

        var dfes = await Id("Department for Education and Skills");
        var chain = await SaveAsync(editor, $"/Organisations/Edit/{dfes}", await CurrentForm(dfes, ("Input.PredecessorId", (await Id("Department for Education")).ToString())));
        (await Text(chain)).ShouldContain("(Department for Education and Skills → Department for Children, Schools and Families → Department for Education)");

        (await Text(await SaveAsync(editor, $"/Organisations/Edit/{topss}", await CurrentForm(topss, ("Input.PredecessorId", topss.ToString())))))
            .ShouldContain("An organisation cannot be its own predecessor");
        (await Count($"select count(*) from organisation where id in ({topss}, {dfes}) and predecessor_id is not null")).ShouldBe(0);
    }

    [Fact]
    public async Task Two_editors_saving_the_same_organisation_never_overwrite_each_other()
    {
        var id = await Id("NOCN");
        var path = $"/Organisations/Edit/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);
        var transactionsBefore = await Count($"""
            select count(distinct transaction_id) from history where (table_name = 'organisation' and row_key = jsonb_build_object('id', {id}::bigint))
               or (table_name = 'organisation_alias' and row_key @> jsonb_build_object('organisation_id', {id}::bigint))
            """);

        // Alice only adds an alias: that alone must still move the organisation's version on.
        var aliceForm = await CurrentForm(id, ("Input.Aliases", "National Open College Network\nOpen College Network Test"));
        (await alice.PostRawAsync(path, WithPageState(alicePage, aliceForm))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var bobForm = await CurrentForm(id, ("Input.Aliases", "National Open College Network"), ("Input.Website", "https://bob.example.org"));
        var conflict = await bob.PostRawAsync(path, WithPageState(bobPage, bobForm));

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this organisation while you were editing it");
        html.ShouldMatch(@"alias added</td>\s*<td[^>]*>Open College Network Test</td>");
        html.ShouldContain("https://bob.example.org", customMessage: "Bob's own change is still in the form");
        (await Scalar($"select website from organisation where id = {id}")).ShouldBe("https://www.nocn.org.uk");
        (await Count($"select count(*) from organisation_alias where organisation_id = {id}")).ShouldBe(2);
        (await Count($"""
            select count(distinct transaction_id) from history where (table_name = 'organisation' and row_key = jsonb_build_object('id', {id}::bigint))
               or (table_name = 'organisation_alias' and row_key @> jsonb_build_object('organisation_id', {id}::bigint))
            """)).ShouldBe(transactionsBefore + 1, "one save recorded, not two");

        // Having read Alice's change, Bob saves again from the conflict page: now his values win, knowingly.
        var again = await bob.PostRawAsync(path, WithPageState(await conflict.Content.ReadAsStringAsync(), bobForm));
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select website from organisation where id = {id}")).ShouldBe("https://bob.example.org");
    }

    [Fact]
    public async Task Archiving_hides_an_organisation_from_the_list_and_restoring_brings_it_back()
    {
        var id = await Id("Asset Skills");
        using var editor = await site.ClientAsync("editor");
        (await editor.PostFormAsync($"/Organisations/Archive/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Organisations/Archive/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ListedNames(await Text(editor, "/Organisations?q=asset+skills")).ShouldBeEmpty();
        ListedNames(await Text(editor, "/Organisations?q=asset+skills&show=archived")).ShouldBe(["Asset Skills"]);
        (await Text(editor, $"/Organisations/Details/{id}")).ShouldContain("Archived on");

        (await editor.PostFormAsync($"/Organisations/Restore/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Organisations/Restore/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ListedNames(await Text(editor, "/Organisations?q=asset+skills")).ShouldBe(["Asset Skills"]);
        (await Count($"select count(*) from history where table_name = 'organisation' and row_key = jsonb_build_object('id', {id}::bigint) and 'archived_at' = any (changed_fields)"))
            .ShouldBe(2);
    }

    [Fact]
    public async Task Bulk_actions_archive_restore_and_mark_reviewed_the_selection()
    {
        using var editor = await site.ClientAsync("editor");
        var ids = new[] { await Id("Local Government Leadership Centre"), await Id("National Remodelling Team") };
        var selection = ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())).ToList();

        var archived = await editor.PostFormAsync("/Organisations/Bulk?handler=Archive", [.. selection, new("ReturnUrl", "/Organisations?type=other")], formPage: "/Organisations");
        archived.Headers.Location!.ToString().ShouldBe("/Organisations?type=other", "back to the list view the user came from");
        (await Count($"select count(*) from organisation where id in ({ids[0]}, {ids[1]}) and archived_at is not null")).ShouldBe(2);

        await editor.PostFormAsync("/Organisations/Bulk?handler=Restore", selection, formPage: "/Organisations");
        await editor.PostFormAsync("/Organisations/Bulk?handler=Reviewed", [.. selection, new("ReturnUrl", "//evil.example/")], formPage: "/Organisations");
        (await Count($"select count(*) from organisation where id in ({ids[0]}, {ids[1]}) and archived_at is null and last_reviewed_by = 'editor@test.local'"))
            .ShouldBe(2);
    }

    [Fact]
    public async Task The_history_shows_field_changes_and_alias_changes_with_who_made_them()
    {
        var id = await Id("OCR");
        using var editor = await site.ClientAsync("editor");
        // One alias kept with new capitals, one removed, one added.
        var response = await SaveAsync(editor, $"/Organisations/Edit/{id}", await CurrentForm(id,
            ("Input.Acronym", "OCR Board"), ("Input.Aliases", "OXFORD CAMBRIDGE AND RSA EXAMINATIONS\nOCR Examinations Test"),
            ("Input.PredecessorId", (await Id("South Yorkshire Open College Network")).ToString())));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select string_agg(alias::text, '|' order by alias) from organisation_alias where organisation_id = {id}"))
            .ShouldBe("OCR Examinations Test|OXFORD CAMBRIDGE AND RSA EXAMINATIONS");

        var history = await Text(editor, $"/Organisations/History/{id}");
        history.ShouldContain("Changed by user:editor@test.local");
        history.ShouldContain(">acronym<");
        history.ShouldContain(">OCR Board<");
        history.ShouldContain(">predecessor id<");
        history.ShouldContain(">South Yorkshire Open College Network<", customMessage: "the predecessor is named, not numbered");
        history.ShouldContain("Added alias by user:editor@test.local");
        history.ShouldContain("Removed alias by user:editor@test.local");
        history.ShouldContain(">Oxford, Cambridge and RSA<");
        history.ShouldContain(">OCR Examinations Test<");
    }

    [Fact]
    public async Task Selected_organisations_export_in_the_interchange_columns()
    {
        using var planner = await site.ClientAsync("planner");
        var ids = new[] { await Id("Skills for Care"), await Id("Topss England"), await Id("CACHE") };
        var response = await planner.PostFormAsync("/Organisations/Export", ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())), formPage: "/Organisations");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldBe(
        [
            "name,acronym,type,website,ofqual_recognition_number,aliases,predecessor,active_from,active_to",
            // A predecessor comes before its successor.
            "Topss England,TOPSS,sector-skills-council,,,Training Organisation for the Personal Social Services,,,2005-03-31",
            "CACHE,CACHE,awarding-body,https://www.cache.org.uk,,\"Council for Awards in Care, Health and Education;Council for Awards in Children's Care and Education;NCFE CACHE\",National Nursery Examination Board,,",
            "Skills for Care,,sector-skills-council,https://www.skillsforcare.org.uk,,,Topss England,2005-04-01,",
        ]);
    }

    [Fact]
    public async Task Delete_is_refused_while_anything_points_at_the_organisation()
    {
        using var admin = await site.ClientAsync("admin");
        var cache = await Id("CACHE");
        var page = await Text(admin, $"/Organisations/Delete/{cache}");
        page.ShouldContain("cannot be deleted");
        page.ShouldContain("qualifications name it as awarding body");
        (await admin.PostFormAsync($"/Organisations/Delete/{cache}", [], formPage: $"/Organisations/Details/{cache}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count($"select count(*) from organisation where id = {cache}")).ShouldBe(1);

        var topss = await Id("Topss England");
        (await Text(admin, $"/Organisations/Delete/{topss}")).ShouldContain("1 organisation names it as predecessor (Skills for Care)");
        (await admin.PostFormAsync($"/Organisations/Delete/{topss}", [], formPage: $"/Organisations/Details/{topss}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count($"select count(*) from organisation where id = {topss}")).ShouldBe(1);
    }

    [Fact]
    public async Task Delete_of_an_unreferenced_organisation_removes_it_and_its_aliases_and_keeps_the_history()
    {
        using var editor = await site.ClientAsync("editor");
        (await SaveAsync(editor, "/Organisations/Edit", NewForm("Entered By Mistake Ltd", ("Input.Aliases", "Mistake Ltd")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await Id("Entered By Mistake Ltd");
        using var admin = await site.ClientAsync("admin");
        var deleted = await admin.PostFormAsync($"/Organisations/Delete/{id}", [], formPage: $"/Organisations/Delete/{id}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        deleted.Headers.Location!.ToString().ShouldBe("/Organisations");

        (await Count($"select count(*) from organisation where id = {id}")).ShouldBe(0);
        (await Count($"select count(*) from organisation_alias where organisation_id = {id}")).ShouldBe(0);
        (await Count($"""
            select count(*) from history where operation = 'D' and actor = 'user:admin@test.local'
              and ((table_name = 'organisation' and row_key = jsonb_build_object('id', {id}::bigint))
                or (table_name = 'organisation_alias' and row_key @> jsonb_build_object('organisation_id', {id}::bigint)))
            """)).ShouldBe(2);
        (await Text(admin, $"/Organisations/History/{id}")).ShouldContain("Entered By Mistake Ltd");
    }

    [Theory]
    [InlineData("/Organisations/Details/987654")]
    [InlineData("/Organisations/Edit/987654")]
    [InlineData("/Organisations/History/987654")]
    [InlineData("/Organisations/Archive/987654")]
    [InlineData("/Organisations/Restore/987654")]
    [InlineData("/Organisations/Delete/987654")]
    [InlineData("/Organisations/Details/not-a-number")]
    public async Task An_unknown_organisation_is_a_404_page(string path)
    {
        using var admin = await site.ClientAsync("admin");
        var response = await admin.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Page not found");
    }

    [Fact]
    public async Task Saving_an_unknown_organisation_is_a_404_not_a_new_record()
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from organisation");
        var response = await editor.PostFormAsync("/Organisations/Edit/987654", NewForm("Ghost Organisation Test"), formPage: "/Organisations/Edit");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Count("select count(*) from organisation")).ShouldBe(before);
    }
}
