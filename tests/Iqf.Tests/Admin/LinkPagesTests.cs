using System.Net;
using System.Text.RegularExpressions;
using Iqf.Data.Interchange;
using Iqf.Tests.Browser;
using Iqf.Tests.Support;
using Npgsql;

namespace Iqf.Tests.Admin;

/// <summary>The external link pages as editors use them, over HTTP against the real site and database.</summary>
public partial class LinkPagesTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);
    private Task<string> Scalar(string sql) => TestPostgres.ScalarAsync<string>(site.ConnectionString, sql);
    private Task Exec(string sql) => TestPostgres.ExecAsync(site.ConnectionString, sql);
    private Task<long> LinkId(string url) => Count($"select id from external_link where url = '{url.Replace("'", "''")}'");

    private static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    private static async Task<string> Text(SiteClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    private static List<string> ListedUrls(string html) =>
        Regex.Matches(html, @"/Links/Details/\d+\?returnUrl=[^""]*"">([^<]+)</a>").Select(m => m.Groups[1].Value).ToList();

    private static string Hidden(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"").Groups[1].Value;

    /// <summary>Posts a form with the token, version and load time the page handed out.</summary>
    private static async Task<HttpResponseMessage> SaveAsync(SiteClient client, string path, params (string Key, string Value)[] fields)
    {
        var page = await client.GetStringAsync(path);
        return await client.PostRawAsync(path, WithPageState(page, fields));
    }

    private static List<KeyValuePair<string, string>> WithPageState(string page, params (string Key, string Value)[] fields)
    {
        var posted = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).ToList();
        foreach (var name in new[] { "Input.Version", "Input.LoadedAt", "Version", "LoadedAt", "Ignore" })
            if (!fields.Any(f => f.Key == name) && Regex.IsMatch(page, $"name=\"{Regex.Escape(name)}\" value=")) posted.Add(new(name, Hidden(page, name)));
        posted.Add(new("__RequestVerificationToken", SiteClient.Token(page)));
        return posted;
    }

    private static (string, string)[] NewLink(string url, string kind, string key, params (string Key, string Value)[] extra) =>
        [("Input.Url", url), ("Input.OwnerKind", kind), ("Input.OwnerKey", key), .. extra];

    [Fact]
    public async Task The_list_finds_links_by_address_and_by_the_names_of_their_records_without_regard_to_case_or_accents()
    {
        using var viewer = await site.ClientAsync("viewer");
        ListedUrls(await Text(viewer, "/Links?q=TEACHERS-standards")).ShouldBe(["https://www.gov.uk/government/publications/teachers-standards"]);
        ListedUrls(await Text(viewer, "/Links?q=Council+for+Awards+in+Care")).ShouldBe(["https://www.cache.org.uk"], "an organisation's alias finds its website");
        ListedUrls(await Text(viewer, "/Links?q=résidential+child+care+WORKER")).ShouldBe(["https://www.legislation.gov.uk/uksi/2015/541"], "a role's title, accents and case aside");
        ListedUrls(await Text(viewer, "/Links?q=dfes-2005-cws")).ShouldBe(["http://www.everychildmatters.gov.uk/key-documents/"], "a source document's code");
        var byReference = ListedUrls(await Text(viewer, "/Links?q=eye-l3"));
        byReference.ShouldContain("https://www.gov.uk/government/publications/early-years-educator-level-3-qualifications-criteria");
        byReference.ShouldContain("https://www.ncfe.org.uk", "the qualification's specification link");
        ListedUrls(await Text(viewer, "/Links?q=Early+Years+Workforce")).ShouldBe(byReference, ignoreOrder: true);
        ListedUrls(await Text(viewer, "/Links?q=register+of+practitioner")).ShouldBe(["https://www.hcpc-uk.org"], "the purpose written for a record");
        ListedUrls(await Text(viewer, "/Links?q=100%25")).ShouldBeEmpty("a % typed is a character, not a wildcard");
    }

    [Fact]
    public async Task Filters_by_state_host_owner_kind_ignored_and_failing_narrow_the_list_and_stay_in_its_links()
    {
        await Exec("""
            update external_link set state = 'broken', consecutive_failures = 4, last_status = 404 where url = 'http://www.topssengland.net';
            update external_link set state = 'blocked', consecutive_failures = 1, ignored = true where url = 'https://www.nmc.org.uk';
            update external_link set state = 'ok' where url = 'https://www.gov.uk/become-childminder-nanny';
            insert into external_link (url, normalized_url, host) values ('https://nobody.example.org/orphan', 'https://nobody.example.org/orphan', 'nobody.example.org');
            """);
        using var viewer = await site.ClientAsync("viewer");
        ListedUrls(await Text(viewer, "/Links?state=broken")).ShouldBe(["http://www.topssengland.net"]);
        ListedUrls(await Text(viewer, "/Links?state=ok")).ShouldBe(["https://www.gov.uk/become-childminder-nanny"]);
        var govUk = ListedUrls(await Text(viewer, "/Links?host=WWW.GOV.UK"));
        govUk.Count.ShouldBe((int)await Count("select count(*) from external_link where host = 'www.gov.uk'"));
        govUk.ShouldAllBe(u => u.StartsWith("https://www.gov.uk/"));
        ListedUrls(await Text(viewer, "/Links?owner=document")).ShouldBe(["http://www.everychildmatters.gov.uk/key-documents/", "http://www.teachernet.gov.uk/publications"]);
        ListedUrls(await Text(viewer, "/Links?owner=none")).ShouldBe(["https://nobody.example.org/orphan"]);
        var roles = ListedUrls(await Text(viewer, "/Links?owner=role&host=www.gov.uk"));
        roles.ShouldContain("https://www.gov.uk/become-childminder-nanny");
        roles.ShouldNotContain("https://www.gov.uk/government/publications/early-years-educator-level-3-qualifications-criteria");
        ListedUrls(await Text(viewer, "/Links?ignored=yes")).ShouldBe(["https://www.nmc.org.uk"]);
        ListedUrls(await Text(viewer, "/Links?ignored=no&q=nmc")).ShouldBeEmpty();

        // The broken-links view: failing and not ignored, worst first. (Other tests may leave
        // failing links of their own, so the list is compared with the database.)
        var failing = await Text(viewer, "/Links?failing=yes&ignored=no&sort=failures&dir=desc");
        var expected = (await Scalar("select string_agg(url, '|') from external_link where consecutive_failures > 0 and not ignored")).Split('|');
        ListedUrls(failing).ShouldBe(expected, ignoreOrder: true);
        ListedUrls(failing)[0].ShouldBe("http://www.topssengland.net", "most failures first");
        ListedUrls(failing).ShouldNotContain("https://www.nmc.org.uk", "ignored");
        failing.ShouldContain("govuk-tag govuk-tag--red\">Broken");
        failing.ShouldContain("HTTP 404");
        failing.ShouldContain("failing=yes", customMessage: "sorting links keep the filters");
        failing.ShouldContain("ignored=no");
        var byUrgency = ListedUrls(await Text(viewer, "/Links?failing=yes&sort=state"));
        byUrgency[0].ShouldBe("http://www.topssengland.net", "broken first");
        byUrgency.ShouldContain("https://www.nmc.org.uk");
    }

    [Fact]
    public async Task The_list_sorts_by_each_column_either_way_and_pages_fifty_at_a_time()
    {
        using var viewer = await site.ClientAsync("viewer");
        var total = await Count("select count(*) from external_link");
        total.ShouldBeGreaterThan(50);
        var first = await Text(viewer, "/Links?sort=url");
        first.ShouldContain($"Showing 1 to 50 of {total} links");
        var firstPage = ListedUrls(first);
        firstPage.Count.ShouldBe(50);
        // Addresses sort by their normalised form (scheme and host in lower case), byte by byte.
        firstPage.ShouldBe((await Scalar("select string_agg(url, '|' order by normalized_url collate \"C\", id) from (select url, normalized_url, id from external_link order by normalized_url collate \"C\", id limit 50) x")).Split('|'));
        first.ShouldContain("page=2&sort=url", customMessage: "the next-page link keeps the sort");
        var second = ListedUrls(await Text(viewer, "/Links?sort=url&page=2"));
        second.Count.ShouldBe((int)total - 50);
        second.Intersect(firstPage).ShouldBeEmpty();
        first.ShouldContain("aria-sort=\"ascending\"><a class=\"govuk-link\" href=\"/Links?dir=desc&sort=url\">Address");

        var descending = ListedUrls(await Text(viewer, "/Links?sort=url&dir=desc&page=2"));
        descending.Count.ShouldBe((int)total - 50);
        descending.ShouldBe(firstPage.Take((int)total - 50).Reverse().ToList(), "the second page backwards is the first page's start, reversed");

        foreach (var column in new[] { "host", "state", "checked", "failures", "owners" })
            foreach (var dir in new[] { "asc", "desc" })
                ListedUrls(await Text(viewer, $"/Links?sort={column}&dir={dir}")).Count.ShouldBe(50, $"sorted by {column} {dir}");
        var byOwners = await Text(viewer, "/Links?sort=owners&dir=desc");
        byOwners.ShouldContain("aria-sort=\"descending\"");
        ListedUrls(byOwners)[0].ShouldBe(await Scalar("select e.url from external_link e order by (select count(*) from link_owner o where o.link_id = e.id) desc, e.id desc limit 1"));
    }

    [Fact]
    public async Task A_bad_filter_value_is_explained_and_ignored_and_an_empty_result_says_so()
    {
        using var viewer = await site.ClientAsync("viewer");
        var response = await viewer.GetAsync("/Links?state=dead&owner=planet&ignored=maybe&failing=often&page=-3&sort=secret&dir=sideways");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("There is no link state called dead");
        html.ShouldContain("There is no owner kind called planet");
        html.ShouldContain("Choose yes or no for ignored, not maybe");
        html.ShouldContain("Choose yes for failing links, not often");
        ListedUrls(html).Count.ShouldBe(50);
        var empty = await Text(viewer, "/Links?q=zzzz-nothing-like-this");
        empty.ShouldContain("No links found");
        empty.ShouldContain("clear all filters");
    }

    [Fact]
    public async Task The_details_show_the_check_state_the_recent_checks_newest_first_and_the_records_with_links_to_them()
    {
        var id = await LinkId("https://www.socialworkengland.org.uk");
        await Exec($"""
            update external_link set state = 'redirected', final_url = 'https://www.socialworkengland.org.uk/home', last_status = 301,
              warning = 'Redirects to the site''s home page', consecutive_failures = 2, first_failed_at = '2024-03-01 10:00+00',
              last_checked_at = '2024-03-05 09:30+00', last_error_kind = 'timeout', last_error = 'No answer in 10 s' where id = {id};
            insert into link_check (link_id, checked_at, outcome, status, error_kind, final_url, hops, duration_ms)
            select {id}, timestamptz '2024-01-01 12:00+00' + g * interval '1 day', case when g = 24 then 'redirected' else 'ok' end,
                   case when g = 24 then 301 else 200 end, case when g = 0 then 'oldest-check' end, null, 0, g
            from generate_series(0, 24) g;
            """);
        using var viewer = await site.ClientAsync("viewer");
        var html = await Text(viewer, $"/Links/Details/{id}");
        html.ShouldContain("govuk-tag govuk-tag--turquoise\">Redirected");
        html.ShouldContain("https://www.socialworkengland.org.uk/home");
        html.ShouldContain("Redirects to the site's home page");
        html.ShouldContain("HTTP 301");
        html.ShouldContain("timeout: No answer in 10 s");
        html.ShouldContain("1 March 2024 at 10:00");
        html.ShouldContain("5 March 2024 at 09:30");
        html.ShouldContain("The latest 20 of 25 checks, newest first");
        html.IndexOf("25 Jan 2024").ShouldBeLessThan(html.IndexOf("24 Jan 2024"), "newest first");
        html.ShouldNotContain("oldest-check", customMessage: "only the latest checks are listed");
        html.ShouldContain($"href=\"/Roles/Details/{await Count("select id from job_role where title = 'Social worker'")}\">Social worker</a>");
        html.ShouldContain($"href=\"/Organisations/Details/{await Count("select id from organisation where name = 'Social Work England'")}\">Social Work England</a>");
        html.ShouldContain("Current regulator and register of social workers");
        html.ShouldNotContain("Change the address", customMessage: "a viewer is not offered editing");
        html.ShouldNotContain("/Links/EditRemove/");
    }

    [Fact]
    public async Task Adding_a_link_normalises_it_in_the_database_and_records_who_added_it()
    {
        using var editor = await site.ClientAsync("editor");
        var qts = await Count("select id from qualification where reference = 'QTS'");
        var response = await SaveAsync(editor, "/Links/Edit", NewLink("  HTTPS://Www.Example.ORG:443/qts/Spec.pdf#page=2  ", "qualification", "qts",
            ("Input.Purpose", " Specification "), ("next", "save")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await LinkId("HTTPS://Www.Example.ORG:443/qts/Spec.pdf#page=2");
        response.Headers.Location!.ToString().ShouldBe($"/Links/Details/{id}");
        (await Scalar($"select concat_ws('|', normalized_url, host, state) from external_link where id = {id}"))
            .ShouldBe("https://www.example.org/qts/Spec.pdf|www.example.org|unchecked");
        (await Scalar($"select concat_ws('|', qualification_id, purpose) from link_owner where link_id = {id}")).ShouldBe($"{qts}|Specification");
        (await Scalar($"select actor from history where table_name = 'external_link' and row_key = jsonb_build_object('id', {id}::bigint)")).ShouldBe("user:editor@test.local");
        (await Count($"select count(*) from history where table_name = 'link_owner' and (after ->> 'link_id')::bigint = {id} and actor = 'user:editor@test.local'")).ShouldBe(1);

        var history = await Text(editor, $"/Links/History/{id}");
        history.ShouldContain("Created by user:editor@test.local");
        history.ShouldContain("Added link owner by user:editor@test.local");
        history.ShouldContain(">QTS Qualified Teacher Status<", customMessage: "the owner is named, not numbered");

        // "Save and add another" goes to a blank form, keeping where the person came from.
        var another = await SaveAsync(editor, "/Links/Edit?returnUrl=%2FLinks%3Fstate%3Dok", NewLink("https://www.example.org/another", "organisation", "ofsted", ("next", "another")));
        another.Headers.Location!.ToString().ShouldBe("/Links/Edit?returnUrl=%2FLinks%3Fstate%3Dok");
        (await Scalar("select o.name::text from link_owner lo join external_link e on e.id = lo.link_id join organisation o on o.id = lo.organisation_id where e.url = 'https://www.example.org/another'"))
            .ShouldBe("Ofsted");
    }

    [Fact]
    public async Task An_address_already_recorded_in_another_spelling_is_reused_not_duplicated()
    {
        using var editor = await site.ClientAsync("editor");
        var nmc = await LinkId("https://www.nmc.org.uk");
        var links = await Count("select count(*) from external_link");
        var response = await SaveAsync(editor, "/Links/Edit", NewLink("HTTPS://WWW.NMC.ORG.UK:443/#register", "role", "MIDWIFE", ("Input.Purpose", "Register of midwives")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe($"/Links/Details/{nmc}");
        (await Count("select count(*) from external_link")).ShouldBe(links);
        (await Scalar($"select string_agg(r.title::text, '|' order by r.title) from link_owner lo join job_role r on r.id = lo.job_role_id where lo.link_id = {nmc}"))
            .ShouldBe("Health visitor|Midwife");
        (await Text(editor, $"/Links/Details/{nmc}")).ShouldContain("HTTPS://WWW.NMC.ORG.UK:443/#register was already recorded as https://www.nmc.org.uk: added Midwife to it");

        // The same record cannot be given the same address twice.
        var again = await SaveAsync(editor, "/Links/Edit", NewLink("https://www.nmc.org.uk/", "role", "Midwife"));
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(again)).ShouldContain("href=\"#Input_OwnerKey\">Midwife already has this link (https://www.nmc.org.uk)");
        (await Count($"select count(*) from link_owner where link_id = {nmc}")).ShouldBe(3);
    }

    [Theory]
    [InlineData("Input.Url", "", "Enter the web address of the link")]
    [InlineData("Input.Url", "www.example.org/page", "Enter the full web address, starting with http:// or https://")]
    [InlineData("Input.Url", "ftp://example.org/file", "Enter the full web address, starting with http:// or https://")]
    [InlineData("Input.Url", "javascript:alert(1)", "Enter the full web address, starting with http:// or https://")]
    [InlineData("Input.Url", "https://exa mple.org/", "Enter the full web address, starting with http:// or https://")]
    [InlineData("Input.Url", "https://name:secret@example.org/", "Leave the user name and password out of the address")]
    [InlineData("Input.OwnerKind", "", "Select the kind of record the link belongs to")]
    [InlineData("Input.OwnerKind", "planet", "Select the kind of record the link belongs to")]
    [InlineData("Input.OwnerKey", "", "Enter the qualification's reference")]
    [InlineData("Input.OwnerKey", "12", "12 is not a qualification reference")]
    [InlineData("Input.OwnerKey", "ZZZ-NOPE", "There is no qualification with reference ZZZ-NOPE")]
    [InlineData("Input.Purpose", "x", "The purpose must be 1,000 characters or fewer")]
    public async Task Each_bad_value_is_shown_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        if (field == "Input.Purpose") value = new string('x', 1001);
        using var editor = await site.ClientAsync("editor");
        var links = await Count("select count(*) from external_link");
        var owners = await Count("select count(*) from link_owner");
        var form = NewLink("https://bad-value.example.org/page", "qualification", "QTS").Where(f => f.Item1 != field).Append((field, value)).ToArray();
        var response = await SaveAsync(editor, "/Links/Edit", form);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("There is a problem");
        html.ShouldContain($"href=\"#{field.Replace('.', '_')}\">{message}");
        html.ShouldContain($"<p id=\"{field.Replace('.', '_')}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {message}");
        (await Count("select count(*) from external_link")).ShouldBe(links);
        (await Count("select count(*) from link_owner")).ShouldBe(owners);
    }

    [Theory]
    [InlineData("organisation", "Nobody Ltd", "There is no organisation called Nobody Ltd")]
    [InlineData("organisation", "", "Enter the organisation's name")]
    [InlineData("role", "Astronaut", "There is no job role with the title Astronaut")]
    [InlineData("document", "NOPE-1999", "There is no source document with the code NOPE-1999")]
    [InlineData("provider", "QTS|Ofsted", "Enter a provider offering as reference|provider|region|mode")]
    [InlineData("provider", "QTS|Ofsted|london|part-time", "Ofsted has no part-time offering of QTS in london")]
    public async Task An_owner_that_cannot_be_found_is_a_message_beside_the_record_field(string kind, string key, string message)
    {
        using var editor = await site.ClientAsync("editor");
        var links = await Count("select count(*) from external_link");
        var response = await SaveAsync(editor, "/Links/Edit", NewLink("https://owner-not-found.example.org/", kind, key));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(response)).ShouldContain($"href=\"#Input_OwnerKey\">{message}");
        (await Count("select count(*) from external_link")).ShouldBe(links);
    }

    [Fact]
    public async Task A_provider_offering_is_named_by_reference_provider_region_and_mode_and_exported_the_same_way()
    {
        await Exec("""
            insert into provider_offering (qualification_id, provider_id, region, mode)
            select q.id, o.id, 'yorkshire-and-the-humber', 'part-time' from qualification q, organisation o
            where q.reference = 'FD-EY' and o.name = 'Sheffield Hallam University';
            """);
        using var editor = await site.ClientAsync("editor");
        var response = await SaveAsync(editor, "/Links/Edit", NewLink("https://www.shu.ac.uk/courses/fd-early-years", "provider",
            "fd-ey | Sheffield Hallam University | Yorkshire-and-the-Humber | part-time", ("Input.Purpose", "Course page")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await LinkId("https://www.shu.ac.uk/courses/fd-early-years");
        (await Text(editor, $"/Links/Details/{id}")).ShouldContain("Sheffield Hallam University: FD-EY Foundation Degree in Early Years (sector-endorsed) (yorkshire-and-the-humber, part-time)");
        ListedUrls(await Text(editor, "/Links?owner=provider")).ShouldBe(["https://www.shu.ac.uk/courses/fd-early-years"]);

        await using var conn = new NpgsqlConnection(site.ConnectionString);
        await conn.OpenAsync();
        var csv = new StringWriter();
        await LinkExport.WriteAsync(conn, [id], csv);
        csv.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            "url,owner_kind,owner_key,purpose",
            "https://www.shu.ac.uk/courses/fd-early-years,provider,FD-EY|Sheffield Hallam University|yorkshire-and-the-humber|part-time,Course page",
        ]);
    }

    [Fact]
    public async Task Changing_the_address_clears_what_the_checker_found_and_an_address_another_link_has_is_refused()
    {
        var id = await LinkId("http://www.ncsl.org.uk");
        await Exec($"update external_link set state = 'broken', consecutive_failures = 5, last_status = 410, last_checked_at = now() where id = {id}");
        using var editor = await site.ClientAsync("editor");

        // Only the spelling: the same address, so the checker's findings still hold.
        (await SaveAsync(editor, $"/Links/Edit/{id}", ("Input.Url", "HTTP://WWW.NCSL.ORG.UK"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select concat_ws('|', url, state, consecutive_failures) from external_link where id = {id}")).ShouldBe("HTTP://WWW.NCSL.ORG.UK|broken|5");

        var taken = await SaveAsync(editor, $"/Links/Edit/{id}", ("Input.Url", "https://www.cache.org.uk/"));
        taken.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(taken)).ShouldContain("href=\"#Input_Url\">https://www.cache.org.uk is already recorded as another link");

        var moved = await SaveAsync(editor, $"/Links/Edit/{id}", ("Input.Url", "https://www.gov.uk/government/organisations/national-college-for-teaching-and-leadership"), ("next", "continue"));
        moved.Headers.Location!.ToString().ShouldBe($"/Links/Edit/{id}");
        (await Scalar($"select concat_ws('|', normalized_url, host, state, consecutive_failures, coalesce(last_status::text, 'none'), coalesce(last_checked_at::text, 'never')) from external_link where id = {id}"))
            .ShouldBe("https://www.gov.uk/government/organisations/national-college-for-teaching-and-leadership|www.gov.uk|unchecked|0|none|never");
        (await Count($"select count(*) from link_owner where link_id = {id}")).ShouldBe(1, "its records stay with it");
        var history = await Text(editor, $"/Links/History/{id}");
        history.ShouldContain("Changed by user:editor@test.local");
        history.ShouldContain(">http://www.ncsl.org.uk<");
    }

    [Fact]
    public async Task Two_editors_changing_the_same_link_never_overwrite_each_other()
    {
        var id = await LinkId("https://www.ccskills.org.uk");
        var path = $"/Links/Edit/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);
        var before = await Count($"select count(distinct transaction_id) from history where table_name = 'external_link' and row_key = jsonb_build_object('id', {id}::bigint)");

        (await alice.PostRawAsync(path, WithPageState(alicePage, ("Input.Url", "https://www.ccskills.org.uk/alice")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await bob.PostRawAsync(path, WithPageState(bobPage, ("Input.Url", "https://www.ccskills.org.uk/bob")));

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this link while you were editing it");
        html.ShouldContain("https://www.ccskills.org.uk/alice");
        html.ShouldContain("user:editor@test.local");
        html.ShouldContain("value=\"https://www.ccskills.org.uk/bob\"", customMessage: "Bob's own change is still in the form");
        (await Scalar($"select url from external_link where id = {id}")).ShouldBe("https://www.ccskills.org.uk/alice");
        (await Count($"select count(distinct transaction_id) from history where table_name = 'external_link' and row_key = jsonb_build_object('id', {id}::bigint)"))
            .ShouldBe(before + 1, "one save recorded, not two");

        // Having read Alice's change, Bob saves again from the conflict page: now his address wins, knowingly.
        (await bob.PostRawAsync(path, WithPageState(await conflict.Content.ReadAsStringAsync(), ("Input.Url", "https://www.ccskills.org.uk/bob"))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select url from external_link where id = {id}")).ShouldBe("https://www.ccskills.org.uk/bob");
    }

    [Fact]
    public async Task A_records_purpose_is_changed_with_the_links_version_and_a_stale_change_is_a_conflict()
    {
        var id = await LinkId("https://www.skillsforhealth.org.uk");
        var owner = await Count($"select lo.id from link_owner lo join job_role r on r.id = lo.job_role_id where lo.link_id = {id} and r.title = 'Assistant practitioner'");
        var path = $"/Links/EditOwner/{id}?owner={owner}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("editor");
        var alicePage = await alice.GetStringAsync(path);
        alicePage.ShouldContain("Assistant practitioner");
        var bobPage = await bob.GetStringAsync(path);

        var saved = await alice.PostRawAsync(path, WithPageState(alicePage, ("Input.Purpose", "Sector Skills Council for health (Alice)")));
        saved.Headers.Location!.ToString().ShouldBe($"/Links/Details/{id}");
        var stale = await bob.PostRawAsync(path, WithPageState(bobPage, ("Input.Purpose", "Bob's purpose")));
        stale.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(stale);
        html.ShouldContain("Someone else changed this link while you were editing it");
        html.ShouldContain("purpose changed");
        html.ShouldContain("Assistant practitioner: Sector Skills Council for health (Alice)");
        (await Scalar($"select purpose from link_owner where id = {owner}")).ShouldBe("Sector Skills Council for health (Alice)");
        (await Scalar($"select actor from history where table_name = 'link_owner' and row_key = jsonb_build_object('id', {owner}::bigint) and operation = 'U'"))
            .ShouldBe("user:editor@test.local");

        // Adding another record to the link from its page.
        var added = await SaveAsync(alice, $"/Links/EditOwner/{id}", ("Input.OwnerKind", "role"), ("Input.OwnerKey", "health care assistant"), ("Input.Purpose", "Careers"));
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from link_owner lo join job_role r on r.id = lo.job_role_id where lo.link_id = {id} and r.title = 'Health care assistant'")).ShouldBe(1);
        var unknown = await SaveAsync(alice, $"/Links/EditOwner/{id}", ("Input.OwnerKind", "role"), ("Input.OwnerKey", "Astronaut"));
        (await Text(unknown)).ShouldContain("href=\"#Input_OwnerKey\">There is no job role with the title Astronaut");
    }

    [Fact]
    public async Task Removing_a_record_keeps_a_shared_link_and_removing_the_last_removes_the_link_with_its_checks_in_the_history()
    {
        var id = await LinkId("https://www.hcpc-uk.org");
        await Exec($"insert into link_check (link_id, outcome, status) values ({id}, 'ok', 200), ({id}, 'ok', 200)");
        var psychologists = await Count($"select lo.id from link_owner lo where lo.link_id = {id} and lo.job_role_id is not null");
        var website = await Count($"select lo.id from link_owner lo where lo.link_id = {id} and lo.organisation_id is not null");
        using var editor = await site.ClientAsync("editor");

        var first = await Text(editor, $"/Links/EditRemove/{id}?owner={psychologists}");
        first.ShouldContain("Remove Educational psychologist from this link?");
        first.ShouldContain("1 other record uses this link, so the link stays");
        var kept = await SaveAsync(editor, $"/Links/EditRemove/{id}?owner={psychologists}");
        kept.Headers.Location!.ToString().ShouldBe($"/Links/Details/{id}");
        (await Count($"select count(*) from external_link where id = {id}")).ShouldBe(1);
        (await Count($"select count(*) from link_owner where link_id = {id}")).ShouldBe(1);

        (await Text(editor, $"/Links/EditRemove/{id}?owner={website}")).ShouldContain("No other record uses this link, so the link itself is removed too");
        var gone = await SaveAsync(editor, $"/Links/EditRemove/{id}?owner={website}");
        gone.Headers.Location!.ToString().ShouldBe("/Links");
        (await Count($"select count(*) from external_link where id = {id}")).ShouldBe(0);
        (await Count($"select count(*) from link_check where link_id = {id}")).ShouldBe(0);
        (await Count($"""
            select count(*) from history where operation = 'D' and actor = 'user:editor@test.local'
              and ((table_name = 'external_link' and row_key = jsonb_build_object('id', {id}::bigint))
                or (table_name = 'link_owner' and (before ->> 'link_id')::bigint = {id}))
            """)).ShouldBe(3);
        var history = await Text(editor, $"/Links/History/{id}");
        history.ShouldContain("History of a removed link");
        history.ShouldContain("Removed link owner by user:editor@test.local");
        history.ShouldContain(">Educational psychologist<");
        history.ShouldContain("Deleted by user:editor@test.local");
        (await editor.GetAsync($"/Links/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_removal_confirmed_on_a_stale_page_is_a_conflict_and_removes_nothing()
    {
        var id = await LinkId("http://www.surestart.gov.uk/doc/87-118317.doc");
        var owner = await Count($"select id from link_owner where link_id = {id}");
        using var alice = await site.ClientAsync("editor");
        var page = await alice.GetStringAsync($"/Links/EditRemove/{id}?owner={owner}");
        using var bob = await site.ClientAsync("editor");
        (await SaveAsync(bob, $"/Links/EditOwner/{id}?owner={owner}", ("Input.Purpose", "Bob was here"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var stale = await alice.PostRawAsync($"/Links/EditRemove/{id}?owner={owner}", WithPageState(page));
        stale.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(stale);
        html.ShouldContain("Someone else changed this link after you opened this page");
        html.ShouldContain("Bob was here");
        (await Count($"select count(*) from link_owner where id = {owner}")).ShouldBe(1);

        // Confirming again, now knowingly, removes it.
        (await alice.PostRawAsync($"/Links/EditRemove/{id}?owner={owner}", WithPageState(await stale.Content.ReadAsStringAsync())))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from external_link where id = {id}")).ShouldBe(0);
    }

    [Fact]
    public async Task Ignoring_a_link_carries_its_version_and_a_check_made_meanwhile_is_a_conflict()
    {
        var id = await LinkId("https://www.gov.uk/government/publications/early-years-foundation-stage-framework--2");
        using var editor = await site.ClientAsync("editor");
        var page = await editor.GetStringAsync($"/Links/EditIgnore/{id}");
        page.ShouldContain("Ignore this link?");
        // The link checker records a result after the page was opened.
        await Exec($"update external_link set state = 'blocked', last_status = 403, consecutive_failures = 1 where id = {id}");
        var stale = await editor.PostRawAsync($"/Links/EditIgnore/{id}", WithPageState(page));
        stale.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(stale);
        html.ShouldContain("changed this link after you opened this page");
        html.ShouldContain("Blocked");
        (await Scalar($"select ignored::text from external_link where id = {id}")).ShouldBe("false");

        var ignored = await editor.PostRawAsync($"/Links/EditIgnore/{id}", WithPageState(await stale.Content.ReadAsStringAsync()));
        ignored.Headers.Location!.ToString().ShouldBe($"/Links/Details/{id}");
        (await Scalar($"select ignored::text from external_link where id = {id}")).ShouldBe("true");
        (await Scalar($"select actor from history where table_name = 'external_link' and row_key = jsonb_build_object('id', {id}::bigint) and 'ignored' = any (changed_fields)"))
            .ShouldBe("user:editor@test.local");
        (await Text(editor, $"/Links/Details/{id}")).ShouldContain("govuk-tag govuk-tag--grey\">Ignored");

        (await SaveAsync(editor, $"/Links/EditIgnore/{id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select ignored::text from external_link where id = {id}")).ShouldBe("false", "the same page stops ignoring it");
    }

    [Fact]
    public async Task Bulk_actions_ignore_and_watch_the_selection_and_return_to_the_list()
    {
        using var editor = await site.ClientAsync("editor");
        var ids = new[] { await LinkId("https://www.ocr.org.uk"), await LinkId("https://www.aqa.org.uk") };
        var selection = ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())).ToList();

        var ignored = await editor.PostFormAsync("/Links/Bulk?handler=Ignore", [.. selection, new("ReturnUrl", "/Links?owner=organisation")], formPage: "/Links");
        ignored.Headers.Location!.ToString().ShouldBe("/Links?owner=organisation", "back to the list view the user came from");
        (await Count($"select count(*) from external_link where id in ({ids[0]}, {ids[1]}) and ignored")).ShouldBe(2);
        (await Text(editor, "/Links?owner=organisation")).ShouldContain("Ignored 2 links");
        (await Count($"select count(*) from history where table_name = 'external_link' and actor = 'user:editor@test.local' and 'ignored' = any (changed_fields) and (row_key ->> 'id')::bigint in ({ids[0]}, {ids[1]})"))
            .ShouldBe(2);

        var watched = await editor.PostFormAsync("/Links/Bulk?handler=Watch", [.. selection, new("ReturnUrl", "//evil.example/")], formPage: "/Links");
        watched.Headers.Location!.ToString().ShouldBe("/Links");
        (await Count($"select count(*) from external_link where id in ({ids[0]}, {ids[1]}) and ignored")).ShouldBe(0);
    }

    [Fact]
    public async Task Exported_links_are_the_interchange_rows_of_the_sample_set_one_per_record()
    {
        var sample = File.ReadAllLines(Path.Combine(BrowserFixture.RepositoryRoot(), "seed", "sample", "links.csv"));
        sample.Length.ShouldBe(18, "a header and 17 links");

        // Every sample row comes back out of a full export exactly as it went in. The other tests
        // here change some of these links, so this part runs on a freshly seeded database.
        var fresh = await TestPostgres.CreateDatabaseAsync(seeded: true);
        await new Iqf.Data.Seeding.Seeder(fresh, "test-fixture").RunAsync(sample: true);
        await using var conn = new NpgsqlConnection(fresh);
        await conn.OpenAsync();
        var all = new StringWriter();
        await LinkExport.WriteAsync(conn, null, all);
        var exported = all.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        exported[0].ShouldBe(sample[0]);
        foreach (var row in sample.Skip(1)) exported.ShouldContain(row);

        // A selection from the list: one row per record, shared links included with all their records.
        using var planner = await site.ClientAsync("planner");
        var ids = new[] { await LinkId("http://www.topssengland.net"), await LinkId("https://www.gov.uk/government/publications/teachers-standards") };
        var response = await planner.PostFormAsync("/Links/Export", ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())), formPage: "/Links");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            "url,owner_kind,owner_key,purpose",
            "http://www.topssengland.net,organisation,Topss England,Former website with the Topss England workforce reports (004 L887)",
            "https://www.gov.uk/government/publications/teachers-standards,qualification,QTS,specification",
            "https://www.gov.uk/government/publications/teachers-standards,role,Teacher,Teachers' Standards for qualified teachers",
        ]);
    }

    [Fact]
    public async Task Unknown_links_and_owners_are_404_pages()
    {
        using var admin = await site.ClientAsync("admin");
        var shared = await LinkId("https://www.cityandguilds.com");
        foreach (var path in new[]
                 {
                     "/Links/Details/987654", "/Links/Edit/987654", "/Links/History/987654", "/Links/EditOwner/987654", "/Links/EditIgnore/987654",
                     "/Links/EditRemove/987654", $"/Links/EditOwner/{shared}?owner=987654", $"/Links/EditRemove/{shared}?owner=987654",
                     $"/Links/EditRemove/{shared}", "/Links/Details/not-a-number",
                 })
        {
            var response = await admin.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
            (await response.Content.ReadAsStringAsync()).ShouldContain("Page not found");
        }
        var before = await Count("select count(*) from external_link");
        (await admin.PostFormAsync("/Links/Edit/987654", NewLink("https://ghost.example.org/", "qualification", "QTS").Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)),
            formPage: "/Links/Edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Count("select count(*) from external_link")).ShouldBe(before);
    }
}
