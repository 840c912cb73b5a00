using System.Net;
using System.Text.RegularExpressions;
using Iqf.Tests.Support;

namespace Iqf.Tests.Admin;

/// <summary>The job role pages as in-putters use them, over HTTP against the real site and database.</summary>
public partial class RolePagesTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);
    private Task<string> Text(string sql) => TestPostgres.ScalarAsync<string>(site.ConnectionString, sql);
    private Task<long> RoleId(string title) => Count($"select id from job_role where title = '{title.Replace("'", "''")}'");
    private Task<long> QualificationId(string reference) => Count($"select id from qualification where reference = '{reference}'");
    private async Task<int> SchemeId(string code) => (int)await Count($"select id::bigint from clustering_scheme where code = '{code}'");
    private async Task<int> ClusterId(string scheme, string path) =>
        (int)await Count($"select cluster_id::bigint from cluster_path where scheme_code = '{scheme}' and path = '{path.Replace("'", "''")}'");
    private Task<long> RoleHistory(long id) => Count($"select count(*) from history where table_name = 'job_role' and row_key = jsonb_build_object('id', {id}::bigint)");

    private static List<KeyValuePair<string, string>> Form(string title, params (string Key, string Value)[] extra)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Title"] = title, ["Input.Status"] = "established", ["Input.CareerLevel"] = "2", ["Input.Workforce"] = "central",
            ["Input.LoadedAt"] = "0", ["next"] = "save",
        };
        foreach (var (k, v) in extra) fields[k] = v;
        return fields.ToList();
    }

    /// <summary>Posts a form with the version, load time and token the page handed out.</summary>
    private static async Task<HttpResponseMessage> SaveAsync(SiteClient client, string path, List<KeyValuePair<string, string>> fields, string? postTo = null)
    {
        var page = await client.GetStringAsync(path);
        return await client.PostRawAsync(postTo ?? path, WithPageState(page, fields));
    }

    private static List<KeyValuePair<string, string>> WithPageState(string page, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var list = fields.Where(f => f.Key is not ("Input.Version" or "Input.LoadedAt")).ToList();
        list.Add(new("Input.Version", Hidden(page, "Input.Version")));
        list.Add(new("Input.LoadedAt", Hidden(page, "Input.LoadedAt")));
        list.Add(new("__RequestVerificationToken", SiteClient.Token(page)));
        return list;
    }

    /// <summary>The value of the first input with this name (hidden or not).</summary>
    private static string Hidden(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*? value=\"([^\"]*)\"").Groups[1].Value;

    /// <summary>The role titles the list shows, in order.</summary>
    private static List<string> Titles(string html) =>
        ListedTitle().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex(@"href=""/Roles/Details/\d+\?returnUrl=[^""]*"">([^<]+)</a>")]
    private static partial Regex ListedTitle();

    /// <summary>Every field of a role's edit form as it stands, so a test can change one thing.</summary>
    private static List<KeyValuePair<string, string>> Current(string page)
    {
        string Input(string name) => WebUtility.HtmlDecode(Hidden(page, name));
        string Area(string name) => WebUtility.HtmlDecode(Regex.Match(page, $"name=\"{Regex.Escape(name)}\"[^>]*>([^<]*)</textarea>").Groups[1].Value);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.Title", Input("Input.Title")), new("Input.Aliases", Input("Input.Aliases")), new("Input.Description", Area("Input.Description")),
            new("Input.MandatoryRequirement", Area("Input.MandatoryRequirement")), new("Input.ReviewIntervalMonths", Input("Input.ReviewIntervalMonths")),
        };
        foreach (Match select in Regex.Matches(page, "<select[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", RegexOptions.Singleline))
            fields.Add(new(select.Groups[1].Value, Regex.Match(select.Groups[2].Value, "<option value=\"([^\"]*)\" selected>").Groups[1].Value));
        return fields;
    }

    private static List<KeyValuePair<string, string>> With(List<KeyValuePair<string, string>> fields, params (string Key, string Value)[] changes)
    {
        var result = fields.Where(f => !changes.Any(c => c.Key == f.Key)).ToList();
        result.AddRange(changes.Select(c => new KeyValuePair<string, string>(c.Key, c.Value)));
        return result;
    }

    [Fact]
    public async Task The_list_finds_roles_by_alias_without_regard_to_case_or_accents_and_keeps_filters_in_links()
    {
        using var viewer = await site.ClientAsync("viewer");
        Titles(await viewer.GetStringAsync("/Roles?q=foster+PARENT")).ShouldBe(["Foster carer"]);
        Titles(await viewer.GetStringAsync("/Roles?q=CRECHE")).ShouldBe(["Crèche worker"]);
        Titles(await viewer.GetStringAsync("/Roles?q=N%C3%9CRSERY+PR%C3%84CTITIONER")).ShouldContain("Nursery nurse", "alias Nursery practitioner, typed with accents and in capitals");
        var html = await viewer.GetStringAsync("/Roles?q=nurse&workforce=central");
        Titles(html).ShouldContain("Nursery nurse");
        Titles(html).ShouldNotContain("Nurse", "a wider-workforce role");
        // Sorting links carry the filters, so a bookmark or a return trip keeps the view.
        html.ShouldContain("q=nurse");
        html.ShouldContain("workforce=central");
    }

    [Fact]
    public async Task Filters_by_career_level_workforce_status_and_cluster_narrow_the_list()
    {
        using var viewer = await site.ClientAsync("viewer");
        var level5Wider = Titles(await viewer.GetStringAsync("/Roles?level=5&workforce=wider"));
        level5Wider.ShouldContain("Health visitor");
        level5Wider.ShouldNotContain("Nursery nurse");
        level5Wider.ShouldNotContain("Senior social worker", "central workforce");

        var emerging = Titles(await viewer.GetStringAsync("/Roles?status=emerging"));
        emerging.ShouldContain("Assistant practitioner");
        emerging.ShouldNotContain("Social worker");

        // A cluster takes in the clusters below it: Social care holds Social services and Fostering.
        var socialCare = Titles(await viewer.GetStringAsync($"/Roles?cluster={await ClusterId("CWS-2005", "Social care")}"));
        socialCare.ShouldContain("Social worker");
        socialCare.ShouldContain("Foster carer");
        socialCare.ShouldNotContain("Nanny");
        var fostering = Titles(await viewer.GetStringAsync($"/Roles?cluster={await ClusterId("CWS-2005", "Social care/Fostering")}"));
        fostering.ShouldContain("Foster carer");
        fostering.ShouldNotContain("Social worker");

        // Volunteer youth leader has a qualification, but not a significant one.
        var noSignificant = Titles(await viewer.GetStringAsync("/Roles?nosignificant=true&q=youth"));
        noSignificant.ShouldContain("Volunteer youth leader");
        noSignificant.ShouldNotContain("Youth worker");
        noSignificant.ShouldNotContain("Youth support worker");
    }

    [Fact]
    public async Task The_filter_panel_names_the_career_levels_and_groups_clusters_by_scheme()
    {
        using var viewer = await site.ClientAsync("viewer");
        var html = await viewer.GetStringAsync("/Roles?level=4");
        html.ShouldContain("<option value=\"4\" selected=\"selected\">4: Professional/Graduate Practitioners</option>");
        html.ShouldContain("<optgroup label=\"CWS-2005: Children&#x27;s Workforce Strategy 2005: workforce groups\">");
    }

    [Fact]
    public async Task Sorting_by_career_level_puts_the_highest_first_when_descending()
    {
        using var viewer = await site.ClientAsync("viewer");
        var html = await viewer.GetStringAsync("/Roles?q=social+worker&sort=level&dir=desc");
        var titles = Titles(html);
        titles.IndexOf("Senior social worker").ShouldBeLessThan(titles.IndexOf("Social worker"));
        html.ShouldContain("aria-sort=\"descending\"");
    }

    [Fact]
    public async Task A_bad_filter_value_is_explained_and_ignored_not_an_error()
    {
        using var viewer = await site.ClientAsync("viewer");
        var response = await viewer.GetAsync("/Roles?level=9&workforce=everyone&status=retired&cluster=987654&page=-4&sort=password&dir=sideways");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("9 is not a career level");
        html.ShouldContain("There is no workforce called everyone");
        html.ShouldContain("There is no role status called retired");
        html.ShouldContain("There is no cluster 987654");
        Titles(html).ShouldContain("Advanced skills teacher", "the unfiltered first page");
    }

    [Fact]
    public async Task A_search_that_finds_nothing_says_so()
    {
        using var viewer = await site.ClientAsync("viewer");
        var html = await viewer.GetStringAsync("/Roles?q=zzzz-nothing-like-this");
        html.ShouldContain("No job roles found");
        html.ShouldContain("clear all filters");
    }

    [Fact]
    public async Task The_details_page_shows_the_role_its_clusters_qualifications_and_routes()
    {
        using var viewer = await site.ClientAsync("viewer");
        var html = WebUtility.HtmlDecode(await viewer.GetStringAsync($"/Roles/Details/{await RoleId("Social worker")}"));
        html.ShouldContain("Children and families social worker");
        html.ShouldContain("4: Professional/Graduate Practitioners");
        html.ShouldContain("Central children's workforce");
        html.ShouldContain("General Social Care Council");
        html.ShouldContain("Qualifying social work degree");
        html.ShouldContain("Social care/Social services");
        html.ShouldContain("Central/Children's social services");
        html.ShouldContain($"href=\"/Qualifications/Details/{await QualificationId("BA-SW")}\">BA-SW</a>");
        html.ShouldContain(">Senior social worker</a>", customMessage: "a route from the role");
        html.ShouldContain(">Nursery nurse</a>", customMessage: "a route into the role");
        html.ShouldNotContain("/Roles/Edit/", customMessage: "a viewer is not offered editing");

        using var editor = await site.ClientAsync("editor");
        var forEditor = await editor.GetStringAsync($"/Roles/Details/{await RoleId("Social worker")}");
        Regex.IsMatch(forEditor, @"action=""/Roles/Review/\d+""[^>]*>\s*<input type=""hidden"" name=""returnUrl""[^>]*>\s*<button[^>]*>Mark as reviewed</button>\s*<input name=""__RequestVerificationToken""")
            .ShouldBeTrue("the Mark as reviewed form carries its token");
    }

    [Fact]
    public async Task Adding_a_role_saves_its_aliases_and_one_cluster_per_scheme_and_records_who_did_it()
    {
        using var editor = await site.ClientAsync("editor");
        var cws = await SchemeId("CWS-2005");
        var occ = await SchemeId("OCC-2020");
        var response = await SaveAsync(editor, "/Roles/Edit", Form("Forest school leader",
            ("Input.Aliases", "Outdoor learning leader;  Forest school practitioner ; "), ("Input.CareerLevel", "3"), ("Input.Workforce", "wider"),
            ("Input.Status", "emerging"), ("Input.Description", "Leads regular outdoor sessions in woodland."),
            ($"Input.Clusters[{cws}]", (await ClusterId("CWS-2005", "Sport and leisure/Outdoors")).ToString()),
            ($"Input.Clusters[{occ}]", (await ClusterId("OCC-2020", "Sports and culture")).ToString()),
            ($"Input.Clusters[{await SchemeId("SSC")}]", "")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var id = await RoleId("Forest school leader");
        response.Headers.Location!.ToString().ShouldBe($"/Roles/Details/{id}");
        (await Text($"select string_agg(alias::text, '|' order by alias) from job_role_alias where job_role_id = {id}"))
            .ShouldBe("Forest school practitioner|Outdoor learning leader");
        (await Text($"select string_agg(cp.scheme_code || ':' || cp.path, '|' order by cp.scheme_id) from job_role_cluster jc join cluster_path cp on cp.cluster_id = jc.cluster_id where jc.job_role_id = {id}"))
            .ShouldBe("CWS-2005:Sport and leisure/Outdoors|OCC-2020:Sports and culture");
        (await Text($"select career_level || ' ' || workforce || ' ' || status from job_role where id = {id}")).ShouldBe("3 wider emerging");
        (await Text($"select actor from history where table_name = 'job_role' and row_key = jsonb_build_object('id', {id}::bigint)")).ShouldBe("user:editor@test.local");
        (await Count($"select count(*) from job_role where id = {id} and created_at > now() - interval '1 hour'")).ShouldBe(1);

        var details = WebUtility.HtmlDecode(await editor.GetStringAsync($"/Roles/Details/{id}"));
        details.ShouldContain("Sport and leisure/Outdoors");
        details.ShouldContain("Not placed in this scheme");
    }

    [Fact]
    public async Task A_cluster_from_another_scheme_is_refused_beside_its_field()
    {
        using var editor = await site.ClientAsync("editor");
        var cws = await SchemeId("CWS-2005");
        var before = await Count("select count(*) from job_role");
        var response = await SaveAsync(editor, "/Roles/Edit", Form("Misplaced role",
            ($"Input.Clusters[{cws}]", (await ClusterId("OCC-2020", "Education")).ToString())));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Select a cluster of the CWS-2005 scheme from the list");
        html.ShouldContain($"href=\"#Input_Clusters_{cws}_\"");
        html.ShouldContain($"id=\"Input_Clusters_{cws}_-error\"");
        (await Count("select count(*) from job_role")).ShouldBe(before);
    }

    [Theory]
    [InlineData("Input.Title", "", "Enter the job title")]
    [InlineData("Input.Title", "x", "The title must be 200 characters or fewer")]
    [InlineData("Input.Aliases", "Helper; helper", "helper is given twice")]
    [InlineData("Input.Aliases", "Valid alias; A perfectly good title", "A perfectly good title is the title")]
    [InlineData("Input.CareerLevel", "7", "Select a career level from 1 to 6")]
    [InlineData("Input.Workforce", "everyone", "Select the central children")]
    [InlineData("Input.Status", "retired", "Select the status")]
    [InlineData("Input.ReviewIntervalMonths", "0", "The review interval must be")]
    [InlineData("Input.RegistrationBodyId", "987654", "Select a registration body from the list")]
    public async Task Each_bad_value_is_shown_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        using var editor = await site.ClientAsync("editor");
        if (value == "x") value = new string('x', 201);
        var before = await Count("select count(*) from job_role");
        var aliasesBefore = await Count("select count(*) from job_role_alias");
        var response = await SaveAsync(editor, "/Roles/Edit", Form("A perfectly good title", (field, value)));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.ShouldContain("There is a problem");
        html.ShouldContain(message);
        html.ShouldContain($"href=\"#{field.Replace('.', '_')}\"");
        html.ShouldContain("govuk-form-group--error");
        (await Count("select count(*) from job_role")).ShouldBe(before);
        (await Count("select count(*) from job_role_alias")).ShouldBe(aliasesBefore);
    }

    [Fact]
    public async Task A_title_already_taken_in_another_case_is_refused()
    {
        using var editor = await site.ClientAsync("editor");
        var response = await SaveAsync(editor, "/Roles/Edit", Form("social WORKER"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("A job role called social WORKER already exists");
        html.ShouldContain("href=\"#Input_Title\"");
        (await Count("select count(*) from job_role where title = 'Social worker'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_constraint_the_database_enforces_after_the_page_checked_becomes_a_field_error_not_a_500()
    {
        // As if another save took the title between the page's check and its insert.
        await TestPostgres.ExecAsync(site.ConnectionString, """
            create function test_race_title() returns trigger language plpgsql as $$
            begin
              if new.title = 'Racing title' then
                raise exception 'duplicate key value violates unique constraint' using errcode = '23505', constraint = 'job_role_title_key';
              end if;
              return new;
            end $$;
            create trigger test_race_title before insert on job_role for each row execute function test_race_title();
            """);
        try
        {
            using var editor = await site.ClientAsync("editor");
            var response = await SaveAsync(editor, "/Roles/Edit", Form("Racing title", ("Input.Aliases", "Racer")));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await response.Content.ReadAsStringAsync();
            html.ShouldContain("A job role with this title already exists");
            html.ShouldContain("href=\"#Input_Title\"");
            (await Count("select count(*) from job_role_alias where alias = 'Racer'")).ShouldBe(0);
        }
        finally
        {
            await TestPostgres.ExecAsync(site.ConnectionString, "drop trigger test_race_title on job_role; drop function test_race_title();");
        }
    }

    [Fact]
    public async Task Qualifications_are_added_by_reference_changed_and_removed()
    {
        var role = await RoleId("Nanny");
        var eye = await QualificationId("EYE-L3");
        var path = $"/Roles/EditQualifications/{role}";
        using var editor = await site.ClientAsync("editor");
        var versionBefore = await Text($"select xmin::text from job_role where id = {role}");

        var added = await SaveAsync(editor, path, [
            new("Input.Reference", " eye-l3 "), new("Input.Relevance", "general"), new("Input.Requirement", "accepted"),
            new("Input.ValidFrom", "2014-09-01"), new("Input.Conditions", "When held with a paediatric first aid certificate"), new("Input.Changing", "false"),
        ], postTo: path + "?handler=Save");
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Text($"select relevance || ' ' || requirement || ' ' || significant || ' ' || valid_from || ' ' || conditions from role_qualification where job_role_id = {role} and qualification_id = {eye}"))
            .ShouldBe("general accepted false 2014-09-01 When held with a paediatric first aid certificate");
        (await Text($"select xmin::text from job_role where id = {role}")).ShouldNotBe(versionBefore, "a link change moves the role's version");

        var page = await editor.GetStringAsync(path);
        page.ShouldContain($"href=\"/Qualifications/Details/{eye}\">EYE-L3</a>");
        Regex.Matches(page, "<form method=\"post\"").Count.ShouldBe(Regex.Matches(page, "name=\"__RequestVerificationToken\"").Count, "every form carries its token");
        var changePage = await editor.GetStringAsync($"{path}?change={eye}");
        changePage.ShouldContain("Change the link to EYE-L3");
        var changed = await editor.PostRawAsync(path + "?handler=Save", WithPageState(changePage, [
            new("Input.Reference", "EYE-L3"), new("Input.Relevance", "core"), new("Input.Requirement", "required"), new("Input.Significant", "true"),
            new("Input.ValidFrom", ""), new("Input.ValidTo", ""), new("Input.Conditions", ""), new("Input.Changing", "true"),
        ]));
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Text($"select relevance || ' ' || requirement || ' ' || significant || ' ' || coalesce(valid_from::text, '-') || ' ' || coalesce(conditions, '-') from role_qualification where job_role_id = {role} and qualification_id = {eye}"))
            .ShouldBe("core required true - -");

        page = await editor.GetStringAsync(path);
        var removed = await editor.PostRawAsync(path + "?handler=Remove", WithPageState(page, [new("qualificationId", eye.ToString())]));
        removed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from role_qualification where job_role_id = {role} and qualification_id = {eye}")).ShouldBe(0);
        (await Count($"select count(*) from role_qualification where job_role_id = {role}")).ShouldBe(2, "the other links stay");
        (await Count($"select count(*) from history where table_name = 'role_qualification' and row_key @> jsonb_build_object('job_role_id', {role}::bigint) and actor = 'user:editor@test.local'"))
            .ShouldBe(3, "added, changed, removed");
    }

    [Theory]
    [InlineData("ZZZ-NOPE", "There is no qualification with reference ZZZ-NOPE")]
    [InlineData("12/34", "Enter the reference as an Ofqual number")]
    [InlineData("", "Enter the reference of the qualification")]
    [InlineData("cache-dce", "CACHE-DCE is already linked to this role")]
    public async Task A_qualification_reference_that_cannot_be_linked_is_refused_with_a_reason(string reference, string message)
    {
        var role = await RoleId("Nanny");
        var path = $"/Roles/EditQualifications/{role}";
        using var editor = await site.ClientAsync("editor");
        var links = await Count("select count(*) from role_qualification");
        var response = await SaveAsync(editor, path, [new("Input.Reference", reference), new("Input.Relevance", "core"), new("Input.Requirement", "recommended")],
            postTo: path + "?handler=Save");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain(message);
        html.ShouldContain("href=\"#Input_Reference\"");
        (await Count("select count(*) from role_qualification")).ShouldBe(links);
    }

    [Fact]
    public async Task Link_dates_out_of_order_are_refused()
    {
        var role = await RoleId("Nanny");
        var path = $"/Roles/EditQualifications/{role}";
        using var editor = await site.ClientAsync("editor");
        var response = await SaveAsync(editor, path, [new("Input.Reference", "EYE-L3"), new("Input.Relevance", "core"), new("Input.Requirement", "recommended"),
            new("Input.ValidFrom", "2015-01-01"), new("Input.ValidTo", "2014-01-01")], postTo: path + "?handler=Save");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("The date it is valid to must be on or after the date it is valid from");
        html.ShouldContain("href=\"#Input_ValidTo\"");
        (await Count($"select count(*) from role_qualification where job_role_id = {role} and qualification_id = {await QualificationId("EYE-L3")}")).ShouldBe(0);
    }

    [Fact]
    public async Task A_link_change_from_a_page_someone_else_has_since_changed_is_a_conflict()
    {
        var role = await RoleId("Careers adviser");
        var path = $"/Roles/EditQualifications/{role}";
        using var editor = await site.ClientAsync("editor");
        using var admin = await site.ClientAsync("admin");
        var stale = await editor.GetStringAsync(path);

        var edit = await admin.GetStringAsync($"/Roles/Edit/{role}");
        (await admin.PostRawAsync($"/Roles/Edit/{role}", WithPageState(edit, With(Current(edit), ("Input.Description", "Changed by the admin meanwhile"), ("next", "save")))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var response = await editor.PostRawAsync(path + "?handler=Save", WithPageState(stale,
            [new("Input.Reference", "STL-L3"), new("Input.Relevance", "general"), new("Input.Requirement", "accepted"), new("Input.Changing", "false")]));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Someone else changed this job role or its qualifications after you opened this page");
        html.ShouldContain("Changed by the admin meanwhile");
        html.ShouldContain("user:admin@test.local");
        (await Count($"select count(*) from role_qualification where job_role_id = {role} and qualification_id = {await QualificationId("STL-L3")}")).ShouldBe(0);

        // Having seen the change, the editor adds the link again from the conflict page, and it is saved.
        (await editor.PostRawAsync(path + "?handler=Save", WithPageState(html,
            [new("Input.Reference", "STL-L3"), new("Input.Relevance", "general"), new("Input.Requirement", "accepted"), new("Input.Changing", "false")])))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from role_qualification where job_role_id = {role} and qualification_id = {await QualificationId("STL-L3")}")).ShouldBe(1);
    }

    [Fact]
    public async Task Two_editors_saving_the_same_role_never_overwrite_each_other()
    {
        var id = await RoleId("Playworker");
        var path = $"/Roles/Edit/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);
        var historyBefore = await RoleHistory(id);

        (await alice.PostRawAsync(path, WithPageState(alicePage, With(Current(alicePage), ("Input.Description", "Alice's description"), ("next", "save")))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await bob.PostRawAsync(path, WithPageState(bobPage, With(Current(bobPage), ("Input.Description", "Bob's description"), ("next", "save"))));

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await conflict.Content.ReadAsStringAsync();
        html.ShouldContain("Someone else changed this job role while you were editing it");
        html.ShouldContain("Alice&#x27;s description");
        html.ShouldContain("Bob&#x27;s description", customMessage: "Bob's own change is still in the form");
        (await Text($"select description from job_role where id = {id}")).ShouldBe("Alice's description");
        (await RoleHistory(id)).ShouldBe(historyBefore + 1, "one change recorded, not two");

        // Having read Alice's change, Bob saves again from the conflict page: now his value wins, knowingly.
        (await bob.PostRawAsync(path, WithPageState(html, With(Current(html), ("Input.Description", "Bob's description"), ("next", "save")))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Text($"select description from job_role where id = {id}")).ShouldBe("Bob's description");
    }

    [Fact]
    public async Task A_change_to_aliases_alone_still_makes_a_stale_save_a_conflict()
    {
        var id = await RoleId("Learning support assistant");
        var path = $"/Roles/Edit/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);
        var aliases = WebUtility.HtmlDecode(Hidden(alicePage, "Input.Aliases"));

        (await alice.PostRawAsync(path, WithPageState(alicePage, With(Current(alicePage), ("Input.Aliases", aliases + "; Inclusion assistant"), ("next", "save")))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await bob.PostRawAsync(path, WithPageState(bobPage, With(Current(bobPage), ("Input.Aliases", aliases + "; SEN assistant"), ("next", "save"))));

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await conflict.Content.ReadAsStringAsync();
        html.ShouldContain("alias added");
        html.ShouldContain("Inclusion assistant");
        (await Count($"select count(*) from job_role_alias where job_role_id = {id} and alias in ('Inclusion assistant', 'SEN assistant')")).ShouldBe(1);
    }

    [Fact]
    public async Task Changing_aliases_and_clusters_replaces_them_and_the_history_shows_each_change()
    {
        var id = await RoleId("Learning mentor");
        var path = $"/Roles/Edit/{id}";
        var ssc = await SchemeId("SSC");
        var dfes = await SchemeId("DFES-CW");
        using var editor = await site.ClientAsync("editor");
        var page = await editor.GetStringAsync(path);
        var response = await editor.PostRawAsync(path, WithPageState(page, With(Current(page),
            ("Input.Aliases", "pupil MENTOR; Learning coach"), ("Input.Status", "legacy"),
            ($"Input.Clusters[{ssc}]", (await ClusterId("SSC", "Lifelong Learning UK")).ToString()), ($"Input.Clusters[{dfes}]", ""), ("next", "save"))));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await Text($"select string_agg(alias::text, '|' order by alias) from job_role_alias where job_role_id = {id}")).ShouldBe("Learning coach|pupil MENTOR");
        (await Text($"select string_agg(cp.scheme_code || ':' || cp.path, '|' order by cp.scheme_id) from job_role_cluster jc join cluster_path cp on cp.cluster_id = jc.cluster_id where jc.job_role_id = {id}"))
            .ShouldBe("CWS-2005:Educational support|SSC:Lifelong Learning UK|OCC-2020:Education");

        var history = WebUtility.HtmlDecode(await editor.GetStringAsync($"/Roles/History/{id}"));
        history.ShouldContain("Changed by user:editor@test.local");
        history.ShouldContain(">status<");
        history.ShouldContain(">established<");
        history.ShouldContain(">legacy<");
        history.ShouldContain("Added alias by user:editor@test.local");
        history.ShouldContain("Removed alias by user:editor@test.local");
        history.ShouldContain(">Learning coach<");
        history.ShouldContain(">School learning mentor<");
        history.ShouldContain("Changed cluster by user:editor@test.local");
        history.ShouldContain("Removed cluster by user:editor@test.local");
        // Ids are shown by name: the cluster by its scheme and path.
        history.ShouldContain(">SSC:Children's Workforce Development Council<");
        history.ShouldContain(">SSC:Lifelong Learning UK<");
        history.ShouldContain(">DFES-CW:Central/Learning mentors<");
    }

    [Fact]
    public async Task Archiving_hides_a_role_from_the_list_and_restoring_brings_it_back()
    {
        var id = await RoleId("Community worker");
        using var editor = await site.ClientAsync("editor");
        (await editor.PostFormAsync($"/Roles/Archive/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Roles/Archive/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Titles(await editor.GetStringAsync("/Roles?q=community+worker")).ShouldNotContain("Community worker");
        Titles(await editor.GetStringAsync("/Roles?q=community+worker&show=archived")).ShouldBe(["Community worker"]);
        (await editor.GetStringAsync($"/Roles/Details/{id}")).ShouldContain("Archived on");

        (await editor.PostFormAsync($"/Roles/Restore/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Roles/Restore/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Titles(await editor.GetStringAsync("/Roles?q=community+worker")).ShouldContain("Community worker");
        (await Count($"select count(*) from history where table_name = 'job_role' and row_key = jsonb_build_object('id', {id}::bigint) and 'archived_at' = any (changed_fields)"))
            .ShouldBe(2);
    }

    [Fact]
    public async Task A_stale_archive_confirmation_is_a_conflict()
    {
        var id = await RoleId("Children's librarian");
        using var editor = await site.ClientAsync("editor");
        var confirm = await editor.GetStringAsync($"/Roles/Archive/{id}");
        await TestPostgres.ExecAsync(site.ConnectionString, $"update job_role set description = 'changed meanwhile' where id = {id}");
        var response = await editor.PostRawAsync($"/Roles/Archive/{id}",
            [new("Version", Hidden(confirm, "Version")), new("__RequestVerificationToken", SiteClient.Token(confirm))]);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Someone else changed this record after you opened this page");
        (await Count($"select count(*) from job_role where id = {id} and archived_at is null")).ShouldBe(1);
    }

    [Fact]
    public async Task Bulk_actions_archive_and_mark_reviewed_the_selected_roles_and_return_to_the_list_view()
    {
        using var editor = await site.ClientAsync("editor");
        var ids = new[] { await RoleId("Outdoor activity instructor"), await RoleId("Sports coach") };
        ids.ShouldAllBe(i => i > 0);
        var selected = ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())).ToList();

        var reviewed = await editor.PostFormAsync("/Roles/Bulk?handler=Reviewed", [.. selected, new("ReturnUrl", "/Roles?status=established")], formPage: "/Roles");
        reviewed.Headers.Location!.ToString().ShouldBe("/Roles?status=established");
        (await Count($"select count(*) from job_role where id in ({ids[0]}, {ids[1]}) and last_reviewed_by = 'editor@test.local'")).ShouldBe(2);

        (await editor.PostFormAsync("/Roles/Bulk?handler=Archive", [.. selected, new("ReturnUrl", "//evil.example/")], formPage: "/Roles"))
            .Headers.Location!.ToString().ShouldBe("/Roles", "a return address off this site is ignored");
        (await Count($"select count(*) from job_role where id in ({ids[0]}, {ids[1]}) and archived_at is not null")).ShouldBe(2);
        (await editor.PostFormAsync("/Roles/Bulk?handler=Restore", selected, formPage: "/Roles")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from job_role where id in ({ids[0]}, {ids[1]}) and archived_at is null")).ShouldBe(2);
    }

    [Fact]
    public async Task Selected_roles_export_as_interchange_CSV()
    {
        using var planner = await site.ClientAsync("planner");
        var ids = new[] { await RoleId("Nurse"), await RoleId("Child psychologist") };
        var response = await planner.PostFormAsync("/Roles/Export", ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())), formPage: "/Roles");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(3);
        lines[0].ShouldBe("title,aliases,description,career_level,workforce,status,clusters,mandatory_requirement,registration_body");
        lines[1].ShouldBe("Child psychologist,Clinical child psychologist;Clinical psychologist (children),\"Psychologist who assesses and treats children's emotional, behavioural and developmental difficulties.\","
                          + "5,central,established,CWS-2005:CAMHS;DFES-CW:Central/Child psychologists;SSC:Skills for Health;OCC-2020:Health and wellbeing,"
                          + "Doctorate in clinical psychology and registration as a practitioner psychologist,Health and Care Professions Council");
        lines[2].ShouldBe("Nurse,Registered nurse;Staff nurse,\"Registered nurse who assesses, plans and delivers nursing care.\",4,wider,established,"
                          + "CWS-2005:Health care;DFES-CW:Wider/Nurses;SSC:Skills for Health;OCC-2020:Health and wellbeing,"
                          + "Pre-registration nursing qualification and registration with the NMC,Nursing and Midwifery Council");
    }

    [Fact]
    public async Task Hard_delete_is_refused_while_routes_start_or_end_at_the_role()
    {
        using var admin = await site.ClientAsync("admin");
        var id = await RoleId("Nursery nurse");
        var page = await admin.GetStringAsync($"/Roles/Delete/{id}");
        page.ShouldContain("cannot be deleted");
        page.ShouldContain("2 progression routes start from this role");
        page.ShouldContain("2 progression routes lead to this role");
        (await admin.PostFormAsync($"/Roles/Delete/{id}", [], formPage: $"/Roles/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count($"select count(*) from job_role where id = {id}")).ShouldBe(1);
    }

    [Fact]
    public async Task Hard_delete_of_an_unreferenced_role_removes_it_with_its_links_and_keeps_its_history()
    {
        using var editor = await site.ClientAsync("editor");
        (await SaveAsync(editor, "/Roles/Edit", Form("Role entered by mistake", ("Input.Aliases", "Mistake")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await RoleId("Role entered by mistake");
        using var admin = await site.ClientAsync("admin");
        (await admin.PostFormAsync($"/Roles/Delete/{id}", [], formPage: $"/Roles/Delete/{id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await Count($"select count(*) from job_role where id = {id}")).ShouldBe(0);
        (await Count($"select count(*) from job_role_alias where job_role_id = {id}")).ShouldBe(0);
        (await Count($"select count(*) from history where table_name = 'job_role' and row_key = jsonb_build_object('id', {id}::bigint) and operation = 'D' and actor = 'user:admin@test.local'"))
            .ShouldBe(1);
        (await admin.GetStringAsync($"/Roles/History/{id}")).ShouldContain("Role entered by mistake");
    }

    [Theory]
    [InlineData("/Roles/Details/987654")]
    [InlineData("/Roles/Edit/987654")]
    [InlineData("/Roles/EditQualifications/987654")]
    [InlineData("/Roles/History/987654")]
    [InlineData("/Roles/Archive/987654")]
    [InlineData("/Roles/Restore/987654")]
    [InlineData("/Roles/Delete/987654")]
    [InlineData("/Roles/Details/not-a-number")]
    public async Task An_unknown_role_is_a_404_page(string path)
    {
        using var admin = await site.ClientAsync("admin");
        var response = await admin.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Page not found");
    }

    [Fact]
    public async Task Posting_to_an_unknown_role_is_a_404_not_an_error()
    {
        using var editor = await site.ClientAsync("editor");
        foreach (var path in new[] { "/Roles/Edit/987654", "/Roles/EditQualifications/987654?handler=Save", "/Roles/EditQualifications/987654?handler=Remove", "/Roles/Review/987654" })
        {
            var response = await editor.PostFormAsync(path, [new("Input.Title", "Anything"), new("Input.Status", "established"), new("Input.Reference", "EYE-L3"),
                new("Input.Relevance", "core"), new("Input.Requirement", "recommended"), new("qualificationId", "1")], formPage: "/Roles");
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
        }
    }
}
