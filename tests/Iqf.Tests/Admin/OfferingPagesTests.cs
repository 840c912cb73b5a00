using System.Net;
using System.Text.RegularExpressions;
using Iqf.Tests.Support;

namespace Iqf.Tests.Admin;

/// <summary>
/// The provider offering pages as in-putters use them, over HTTP against the real site and
/// database. The sample set has no offerings, so each test makes the providers and offerings it
/// needs; a provider of its own keeps one test's rows out of another's lists.
/// </summary>
public partial class OfferingPagesTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);
    private Task<string> Scalar(string sql) => TestPostgres.ScalarAsync<string>(site.ConnectionString, sql);
    private Task Exec(string sql) => TestPostgres.ExecAsync(site.ConnectionString, sql);
    private Task<long> OrganisationId(string name) => Count($"select id from organisation where name = '{name.Replace("'", "''")}'");

    private Task<long> Provider(string name, string type = "further-education", string? alias = null) => Count($"""
        with o as (insert into organisation (name, type) values ('{name.Replace("'", "''")}', '{type}') returning id),
             a as (insert into organisation_alias (organisation_id, alias) select id, '{alias?.Replace("'", "''")}' from o where {(alias is null ? "false" : "true")})
        select id from o
        """);

    /// <summary>An offering of the qualification with this reference by this provider; cost and url optional.</summary>
    private Task<long> Offering(string reference, long provider, string region, string mode, string? cost = null, string? url = null) => Count($"""
        insert into provider_offering (qualification_id, provider_id, region, mode, cost, url)
        select id, {provider}, '{region}', '{mode}', {cost ?? "null"}, {(url is null ? "null" : $"'{url}'")} from qualification where reference = '{reference}'
        returning id
        """);

    private static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    private static async Task<string> Text(SiteClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    private static List<KeyValuePair<string, string>> NewOffering(string reference, long provider, params (string Key, string Value)[] extra)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.QualificationReference"] = reference, ["Input.ProviderId"] = provider.ToString(), ["Input.Region"] = "london", ["Input.Mode"] = "part-time",
        };
        foreach (var (k, v) in extra) fields[k] = v;
        return fields.ToList();
    }

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

    /// <summary>The offerings on a list page, by id, in the order shown.</summary>
    private static List<long> Listed(string html) =>
        Regex.Matches(html, @"/Offerings/Details/(\d+)\?returnUrl=").Select(m => long.Parse(m.Groups[1].Value)).ToList();

    private static void ShouldShowFieldError(string html, string field, string message)
    {
        html.ShouldContain("There is a problem");
        html.ShouldContain($"href=\"#{field.Replace('.', '_')}\">{message}");
        html.ShouldContain($"<p id=\"{field.Replace('.', '_')}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {message}");
    }

    [Fact]
    public async Task The_list_finds_offerings_by_qualification_or_provider_without_regard_to_case_or_accents()
    {
        var ecole = await Provider("École Supérieure d'Éducation Test", alias: "ESET Campus");
        await Exec("insert into qualification (reference, title, type) values ('603/9001/1', 'Diplôme de puériculture (test)', 'diploma')");
        var nvq = await Offering("NVQ3-CCLD", ecole, "london", "part-time");
        var eyps = await Offering("EYPS", ecole, "national", "distance");
        var ofqual = await Offering("603/9001/1", await Provider("Search Other Provider Test"), "london", "blended");
        using var viewer = await site.ClientAsync("viewer");

        Listed(await Text(viewer, "/Offerings?q=ecole+superieure+D'EDUCATION")).ShouldBe([eyps, nvq], "in reference order");
        Listed(await Text(viewer, "/Offerings?q=eset+campus")).ShouldBe([eyps, nvq], "the provider's other names count");
        Listed(await Text(viewer, $"/Offerings?q=EARLY+YEARS+PROFESSIONAL&provider={ecole}")).ShouldBe([eyps]);
        Listed(await Text(viewer, $"/Offerings?q=nvq3-ccld&provider={ecole}")).ShouldBe([nvq]);
        Listed(await Text(viewer, "/Offerings?q=PUERICULTURE")).ShouldBe([ofqual]);
        Listed(await Text(viewer, "/Offerings?q=60390011")).ShouldBe([ofqual], "an Ofqual number is found in any spelling");
        Listed(await Text(viewer, "/Offerings?q=100%25+test")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Filters_by_provider_region_mode_qualification_cost_and_archived_narrow_the_list()
    {
        var p = await Provider("Filter Provider Test");
        var nvq2 = await Offering("NVQ2-CCLD", p, "london", "part-time", "100.00");
        var nvq3 = await Offering("NVQ3-CCLD", p, "london", "full-time", "2500.00");
        var nvq4 = await Offering("NVQ4-CCLD", p, "north-east", "distance");
        var cypw = await Offering("CYPW-L3", p, "north-east", "part-time", "999.99");
        await Exec($"update provider_offering set archived_at = now() where id = {cypw}");
        using var viewer = await site.ClientAsync("viewer");

        Listed(await Text(viewer, $"/Offerings?provider={p}")).ShouldBe([nvq2, nvq3, nvq4]);
        Listed(await Text(viewer, $"/Offerings?provider={p}&region=london")).ShouldBe([nvq2, nvq3]);
        Listed(await Text(viewer, $"/Offerings?provider={p}&mode=part-time")).ShouldBe([nvq2]);
        Listed(await Text(viewer, $"/Offerings?provider={p}&mode=part-time&show=all")).ShouldBe([cypw, nvq2]);
        Listed(await Text(viewer, $"/Offerings?provider={p}&show=archived")).ShouldBe([cypw]);
        Listed(await Text(viewer, $"/Offerings?provider={p}&qualification=+nvq3-ccld+")).ShouldBe([nvq3], "a reference in any spelling");
        using (var editor = await site.ClientAsync("editor"))
        {
            // Adding from a list of one qualification's offerings starts with that qualification.
            (await Text(editor, "/Offerings?qualification=nvq3-ccld")).ShouldContain("href=\"/Offerings/Edit?qualification=NVQ3-CCLD&returnUrl=");
            (await Text(editor, "/Offerings/Edit?qualification=nvq3-ccld")).ShouldContain("name=\"Input.QualificationReference\" type=\"text\" value=\"NVQ3-CCLD\"");
        }
        Listed(await Text(viewer, $"/Offerings?provider={p}&costmin=100&costmax=999.99&show=all")).ShouldBe([cypw, nvq2]);
        Listed(await Text(viewer, $"/Offerings?provider={p}&costmin=%C2%A31%2C000")).ShouldBe([nvq3], "£1,000 is understood");
        Listed(await Text(viewer, $"/Offerings?provider={p}&costmax=0")).ShouldBeEmpty("an offering without a cost is not free");
        Listed(await Text(viewer, $"/Offerings?provider={p}&sort=cost&dir=desc")).ShouldBe([nvq3, nvq2, nvq4], "no cost sorts last");
        Listed(await Text(viewer, $"/Offerings?provider={p}&sort=cost&dir=asc")).ShouldBe([nvq2, nvq3, nvq4]);
        var view = await Text(viewer, $"/Offerings?provider={p}&region=london&sort=mode");
        Listed(view).ShouldBe([nvq3, nvq2]);
        view.ShouldContain($"provider={p}&region=london&sort=mode", customMessage: "the sort and page links keep the filters");
        view.ShouldContain("£2,500.00");
    }

    [Fact]
    public async Task A_bad_filter_value_is_explained_and_ignored_and_an_empty_result_says_so()
    {
        var p = await Provider("Bad Filter Provider Test");
        var only = await Offering("NVQ2-CCLD", p, "london", "part-time", "10");
        using var viewer = await site.ClientAsync("viewer");
        var response = await viewer.GetAsync($"/Offerings?provider={p}&region=mars&mode=flying&qualification=NO-SUCH-REF&costmin=cheap&page=0&sort=secret");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("There is no region called mars");
        html.ShouldContain("There is no mode of study called flying");
        html.ShouldContain("There is no qualification with reference NO-SUCH-REF");
        html.ShouldContain("Enter the lowest cost in pounds, for example 250 or 1,250.50, not cheap");
        Listed(html).ShouldBe([only]);

        (await Text(viewer, "/Offerings?qualification=12/34")).ShouldContain("12/34 is not a qualification reference");
        (await Text(viewer, "/Offerings?costmin=500&costmax=20")).ShouldContain("The highest cost (£20.00) is below the lowest (£500.00)");
        (await Text(viewer, "/Offerings?provider=xyz")).ShouldContain("Organisation xyz offers no qualifications");
        var empty = await Text(viewer, "/Offerings?q=zzzz-nothing-like-this");
        empty.ShouldContain("No offerings found");
        empty.ShouldContain("clear all filters");
    }

    [Fact]
    public async Task The_list_pages_fifty_at_a_time()
    {
        var p = await Provider("Paging Provider Test");
        await Exec($"""
            insert into provider_offering (qualification_id, provider_id, region, mode)
            select q.id, {p}, r.region, 'blended'
            from (select id from qualification order by reference limit 11) q
            cross join (values ('london'), ('north-east'), ('north-west'), ('south-east'), ('south-west')) r(region)
            """);
        using var viewer = await site.ClientAsync("viewer");
        var first = await Text(viewer, $"/Offerings?provider={p}");
        first.ShouldContain("Showing 1 to 50 of 55 offerings");
        Listed(first).Count.ShouldBe(50);
        var second = Listed(await Text(viewer, $"/Offerings?provider={p}&page=2"));
        second.Count.ShouldBe(5);
        second.Intersect(Listed(first)).ShouldBeEmpty();
        (await Text(viewer, $"/Offerings?provider={p}&page=9")).ShouldContain("No offerings found");
    }

    [Fact]
    public async Task The_details_show_the_qualification_provider_region_mode_cost_and_web_page()
    {
        var p = await Provider("Details Provider Test");
        var id = await Offering("FD-EY", p, "yorkshire-and-the-humber", "work-based", "1250.5", "https://details.example.ac.uk/fd-ey");
        using var viewer = await site.ClientAsync("viewer");
        var html = await Text(viewer, $"/Offerings/Details/{id}");
        html.ShouldContain(">FD-EY</a> Foundation Degree in Early Years (sector-endorsed)");
        html.ShouldContain($"href=\"/Organisations/Details/{p}\">Details Provider Test</a>");
        html.ShouldContain("Yorkshire and the Humber");
        html.ShouldContain("Work-based");
        html.ShouldContain("£1,250.50");
        html.ShouldContain("href=\"https://details.example.ac.uk/fd-ey\"");
        html.ShouldContain("href=\"/Offerings?qualification=FD-EY\"");
        html.ShouldNotContain(">Edit</a>", customMessage: "a viewer is not offered editing");
    }

    [Fact]
    public async Task Adding_an_offering_finds_the_qualification_by_reference_and_registers_its_web_page_with_the_link_checker()
    {
        await Exec("insert into qualification (reference, title, type) values ('603/9002/X', 'Level 3 Diploma in Offering Tests', 'diploma')");
        var p = await Provider("Add Provider Test", type: "training-provider");
        using var editor = await site.ClientAsync("editor");
        var form = await Text(editor, "/Offerings/Edit");
        form.ShouldContain("<optgroup label=\"Training providers, colleges, universities and employers\">");
        var provider = form.IndexOf(">Add Provider Test<", StringComparison.Ordinal);
        provider.ShouldBeGreaterThan(0);
        provider.ShouldBeLessThan(form.IndexOf(">CACHE<", StringComparison.Ordinal), "providers are offered before awarding bodies and the rest");

        var response = await SaveAsync(editor, "/Offerings/Edit", NewOffering(" 6039002x ", p,
            ("Input.Region", "east-midlands"), ("Input.Mode", "blended"), ("Input.Cost", "£1,250.5"), ("Input.Url", " HTTPS://Courses.Example.org:443/l3-offering#apply "),
            ("Input.ReviewIntervalMonths", "6")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await Count($"select id from provider_offering where provider_id = {p}");
        response.Headers.Location!.ToString().ShouldBe($"/Offerings/Details/{id}");
        (await Scalar($"select concat_ws('|', q.reference, po.region, po.mode, po.cost, po.url, po.review_interval_months) from provider_offering po join qualification q on q.id = po.qualification_id where po.id = {id}"))
            .ShouldBe("603/9002/X|east-midlands|blended|1250.50|HTTPS://Courses.Example.org:443/l3-offering#apply|6");
        (await Scalar($"select concat_ws('|', e.normalized_url, e.host, lo.purpose) from link_owner lo join external_link e on e.id = lo.link_id where lo.provider_offering_id = {id}"))
            .ShouldBe("https://courses.example.org/l3-offering|courses.example.org|course page");
        (await Scalar($"select actor from history where table_name = 'provider_offering' and row_key = jsonb_build_object('id', {id}::bigint) and operation = 'I'"))
            .ShouldBe("user:editor@test.local");
        (await Text(editor, $"/Offerings/Details/{id}")).ShouldContain("unchecked");
    }

    [Fact]
    public async Task Changing_or_removing_the_web_page_moves_its_link_and_one_address_is_one_link()
    {
        var p = await Provider("Link Provider Test");
        using var editor = await site.ClientAsync("editor");
        (await SaveAsync(editor, "/Offerings/Edit", NewOffering("NVQ2-CCLD", p, ("Input.Url", "https://links.example.org/course")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await SaveAsync(editor, "/Offerings/Edit", NewOffering("NVQ3-CCLD", p, ("Input.Url", "https://LINKS.example.org/course")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count("select count(*) from external_link where normalized_url = 'https://links.example.org/course'")).ShouldBe(1);
        (await Count($"select count(*) from link_owner lo join provider_offering po on po.id = lo.provider_offering_id where po.provider_id = {p}")).ShouldBe(2);

        var first = await Count($"select po.id from provider_offering po join qualification q on q.id = po.qualification_id where po.provider_id = {p} and q.reference = 'NVQ2-CCLD'");
        (await SaveAsync(editor, $"/Offerings/Edit/{first}", NewOffering("NVQ2-CCLD", p, ("Input.Url", "https://links.example.org/other-course")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select string_agg(e.normalized_url, ',') from link_owner lo join external_link e on e.id = lo.link_id where lo.provider_offering_id = {first}"))
            .ShouldBe("https://links.example.org/other-course");

        (await SaveAsync(editor, $"/Offerings/Edit/{first}", NewOffering("NVQ2-CCLD", p, ("Input.Url", "")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from link_owner where provider_offering_id = {first}")).ShouldBe(0);
        (await Scalar($"select coalesce(url, 'none') from provider_offering where id = {first}")).ShouldBe("none");
        (await Count("select count(*) from external_link where normalized_url = 'https://links.example.org/other-course'")).ShouldBe(1,
            "a link nothing points at is kept with its checks, not deleted");
    }

    [Theory]
    [InlineData("Input.QualificationReference", "", "Enter the reference of the qualification offered, for example 603/5829/4 or NVQ3-CCLD")]
    [InlineData("Input.QualificationReference", "12/34", "Enter the reference as an Ofqual number (603/5829/4 or 60358294) or a local code such as NVQ3-CCLD")]
    [InlineData("Input.QualificationReference", "NO-SUCH-QUAL", "There is no qualification with reference NO-SUCH-QUAL. Check the reference, or add the qualification first")]
    [InlineData("Input.ProviderId", "", "Select the provider that offers it")]
    [InlineData("Input.ProviderId", "987654", "Select the provider from the list")]
    [InlineData("Input.Region", "mars", "Select the region where it is offered")]
    [InlineData("Input.Region", "", "Select the region where it is offered")]
    [InlineData("Input.Mode", "flying", "Select how it is studied")]
    [InlineData("Input.Cost", "-5", "The cost cannot be negative: leave it empty if it is not known")]
    [InlineData("Input.Cost", "12.345", "Enter the cost in pounds and pence, with at most 2 decimal places, for example 1,250.50")]
    [InlineData("Input.Cost", "1,5", "Enter the cost in pounds and pence, with at most 2 decimal places, for example 1,250.50")]
    [InlineData("Input.Cost", "free", "Enter the cost as an amount in pounds, for example 250 or 1,250.50")]
    [InlineData("Input.Cost", "100000000", "The cost must be less than £100,000,000")]
    [InlineData("Input.Url", "www.example.org/course", "Enter the web page as a full address starting with http:// or https://, for example https://www.example.ac.uk/courses/cache-level-3")]
    [InlineData("Input.Url", "ftp://example.org/course", "Enter the web page as a full address starting with http:// or https://, for example https://www.example.ac.uk/courses/cache-level-3")]
    [InlineData("Input.Url", "/courses/level-3", "Enter the web page as a full address starting with http:// or https://, for example https://www.example.ac.uk/courses/cache-level-3")]
    [InlineData("Input.ReviewIntervalMonths", "0", "The review interval must be a whole number of months from 1 to 120")]
    public async Task Each_bad_value_is_shown_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        var p = await OrganisationId("Ruskin College");
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from provider_offering");
        var links = await Count("select count(*) from external_link");
        var response = await SaveAsync(editor, "/Offerings/Edit", NewOffering("NVQ2-CCLD", p, ("Input.Url", "https://valid.example.org/x"), (field, value)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldShowFieldError(await Text(response), field, message);
        (await Count("select count(*) from provider_offering")).ShouldBe(before);
        (await Count("select count(*) from external_link")).ShouldBe(links);
    }

    [Fact]
    public async Task The_same_qualification_provider_region_and_mode_twice_is_refused_by_the_database_beside_the_provider()
    {
        var p = await Provider("Duplicate Provider Test");
        var existing = await Offering("NVQ3-CCLD", p, "london", "part-time", "300");
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from provider_offering");
        var response = await SaveAsync(editor, "/Offerings/Edit", NewOffering("nvq3-ccld", p, ("Input.Cost", "999"), ("Input.Url", "https://dup.example.org/")));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldShowFieldError(await Text(response), "Input.ProviderId", "Duplicate Provider Test already offers NVQ3-CCLD in London, part-time: edit that offering instead");
        (await Count("select count(*) from provider_offering")).ShouldBe(before);
        (await Count("select count(*) from external_link where normalized_url = 'https://dup.example.org/'")).ShouldBe(0, "the link is written in the same transaction, or not at all");
        (await Scalar($"select cost::text from provider_offering where id = {existing}")).ShouldBe("300.00");
    }

    [Fact]
    public async Task Two_editors_saving_the_same_offering_never_overwrite_each_other()
    {
        var p = await Provider("Concurrent Provider Test");
        var moved = await Provider("Concurrent Second Provider Test");
        var id = await Offering("EYE-L3", p, "london", "part-time", "500");
        var path = $"/Offerings/Edit/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);

        (await alice.PostRawAsync(path, WithPageState(alicePage, NewOffering("EYE-L3", moved, ("Input.Cost", "650"))))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var bobForm = NewOffering("EYE-L3", p, ("Input.Cost", "500"), ("Input.Url", "https://bob.example.org/eye"));
        var conflict = await bob.PostRawAsync(path, WithPageState(bobPage, bobForm));

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this offering while you were editing it");
        html.ShouldContain(">provider<");
        html.ShouldContain(">Concurrent Second Provider Test<", customMessage: "the provider is named, not numbered");
        html.ShouldContain(">650.00<");
        html.ShouldContain("https://bob.example.org/eye", customMessage: "Bob's own change is still in the form");
        (await Scalar($"select concat_ws('|', provider_id, cost, coalesce(url, 'none')) from provider_offering where id = {id}")).ShouldBe($"{moved}|650.00|none");
        (await Count($"select count(*) from link_owner where provider_offering_id = {id}")).ShouldBe(0, "the refused save wrote no link");
        (await Count($"select count(*) from history where table_name = 'provider_offering' and row_key = jsonb_build_object('id', {id}::bigint) and operation = 'U'"))
            .ShouldBe(1, "one save recorded, not two");

        var again = await bob.PostRawAsync(path, WithPageState(await conflict.Content.ReadAsStringAsync(), bobForm));
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select concat_ws('|', provider_id, cost, url) from provider_offering where id = {id}")).ShouldBe($"{p}|500.00|https://bob.example.org/eye");
        (await Count($"select count(*) from link_owner where provider_offering_id = {id}")).ShouldBe(1);
    }

    [Fact]
    public async Task Archiving_hides_an_offering_from_the_list_and_restoring_brings_it_back()
    {
        var p = await Provider("Archive Provider Test");
        var id = await Offering("HLTA", p, "south-west", "part-time");
        using var editor = await site.ClientAsync("editor");
        var confirm = await Text(editor, $"/Offerings/Archive/{id}");
        confirm.ShouldContain("Archive the offering of HLTA at Archive Provider Test (South West, part-time)?");
        (await editor.PostFormAsync($"/Offerings/Archive/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Offerings/Archive/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Listed(await Text(editor, $"/Offerings?provider={p}")).ShouldBeEmpty();
        Listed(await Text(editor, $"/Offerings?provider={p}&show=archived")).ShouldBe([id]);
        (await Text(editor, $"/Offerings/Details/{id}")).ShouldContain("Archived on");

        (await editor.PostFormAsync($"/Offerings/Restore/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Offerings/Restore/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Listed(await Text(editor, $"/Offerings?provider={p}")).ShouldBe([id]);
        (await Count($"select count(*) from history where table_name = 'provider_offering' and row_key = jsonb_build_object('id', {id}::bigint) and 'archived_at' = any (changed_fields) and actor = 'user:editor@test.local'"))
            .ShouldBe(2);
    }

    [Fact]
    public async Task Bulk_actions_archive_restore_and_mark_reviewed_the_selection()
    {
        var p = await Provider("Bulk Provider Test");
        var ids = new[] { await Offering("QTS", p, "london", "full-time"), await Offering("GTP", p, "london", "work-based") };
        var untouched = await Offering("NPQH", p, "london", "blended");
        var selection = ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())).ToList();
        using var editor = await site.ClientAsync("editor");

        var archived = await editor.PostFormAsync("/Offerings/Bulk?handler=Archive", [.. selection, new("ReturnUrl", $"/Offerings?provider={p}")], formPage: "/Offerings");
        archived.Headers.Location!.ToString().ShouldBe($"/Offerings?provider={p}");
        Listed(await Text(editor, $"/Offerings?provider={p}")).ShouldBe([untouched]);

        await editor.PostFormAsync("/Offerings/Bulk?handler=Restore", selection, formPage: "/Offerings");
        await editor.PostFormAsync("/Offerings/Bulk?handler=Reviewed", selection, formPage: "/Offerings");
        (await Count($"select count(*) from provider_offering where provider_id = {p} and archived_at is null and last_reviewed_by = 'editor@test.local'")).ShouldBe(2);
    }

    [Fact]
    public async Task Selected_offerings_export_as_CSV_with_the_qualification_by_reference_and_the_provider_by_name()
    {
        var p = await Provider("Export Provider, Test");
        var a = await Offering("NVQ3-CCLD", p, "london", "part-time", "1250.5", "https://export.example.org/nvq3");
        var b = await Offering("CACHE-DCE", p, "national", "distance");
        using var planner = await site.ClientAsync("planner");
        var response = await planner.PostFormAsync("/Offerings/Export", new[] { a, b }.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())), formPage: "/Offerings");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            "qualification,provider,region,mode,cost,url",
            "CACHE-DCE,\"Export Provider, Test\",national,distance,,",
            "NVQ3-CCLD,\"Export Provider, Test\",london,part-time,1250.50,https://export.example.org/nvq3",
        ]);

        using var viewer = await site.ClientAsync("viewer");
        (await viewer.PostFormAsync("/Offerings/Export", [new("Ids", a.ToString())], formPage: "/Offerings")).Headers.Location!.ToString()
            .ShouldContain("/Account/AccessDenied", customMessage: "exporting is for planners and up");
    }

    [Fact]
    public async Task The_history_shows_field_changes_with_who_made_them_and_names_for_ids()
    {
        var p = await Provider("History Provider Test");
        var other = await Provider("History Second Provider Test");
        using var editor = await site.ClientAsync("editor");
        (await SaveAsync(editor, "/Offerings/Edit", NewOffering("STL-L3", p, ("Input.Cost", "80")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await Count($"select id from provider_offering where provider_id = {p}");
        (await SaveAsync(editor, $"/Offerings/Edit/{id}", NewOffering("STL-L3", other, ("Input.Cost", "95.5"), ("Input.Mode", "distance")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var history = await Text(editor, $"/Offerings/History/{id}");
        history.ShouldContain("History of the offering of STL-L3 at History Second Provider Test");
        history.ShouldContain("Created by user:editor@test.local");
        history.ShouldContain("Changed by user:editor@test.local");
        history.ShouldContain(">History Provider Test<");
        history.ShouldContain(">History Second Provider Test<", customMessage: "providers are named, not numbered");
        history.ShouldContain(">95.50<");
        history.ShouldContain(">distance<");
        history.ShouldContain("STL-L3 ", customMessage: "the qualification is named by reference");
    }

    [Fact]
    public async Task Delete_is_refused_while_a_review_flag_is_open_and_otherwise_removes_the_offering_and_its_link_row()
    {
        var p = await Provider("Delete Provider Test");
        var flagged = await Offering("RCC-L3", p, "london", "part-time");
        await Exec($"insert into review_flag (entity_kind, entity_id, reason, raised_by) values ('offering', {flagged}, 'price-check', 'user:planner@test.local')");
        using var admin = await site.ClientAsync("admin");
        var page = await Text(admin, $"/Offerings/Delete/{flagged}");
        page.ShouldContain("It cannot be deleted yet");
        page.ShouldContain("1 open review flag is about it");
        (await admin.PostFormAsync($"/Offerings/Delete/{flagged}", [], formPage: $"/Offerings/Details/{flagged}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count($"select count(*) from provider_offering where id = {flagged}")).ShouldBe(1);
        var queue = await Text(admin, "/ReviewQueue?kind=offering");
        queue.ShouldContain($"href=\"/Offerings/Details/{flagged}\">RCC-L3 at Delete Provider Test</a>", customMessage: "the review queue names and links the offering");

        using var editor = await site.ClientAsync("editor");
        (await SaveAsync(editor, "/Offerings/Edit", NewOffering("RCC-L5", p, ("Input.Url", "https://delete.example.org/rcc")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var plain = await Count($"select po.id from provider_offering po join qualification q on q.id = po.qualification_id where q.reference = 'RCC-L5' and po.provider_id = {p}");
        var deleted = await admin.PostFormAsync($"/Offerings/Delete/{plain}", [], formPage: $"/Offerings/Delete/{plain}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        deleted.Headers.Location!.ToString().ShouldBe("/Offerings");
        (await Count($"select count(*) from provider_offering where id = {plain}")).ShouldBe(0);
        (await Count($"select count(*) from link_owner where provider_offering_id = {plain}")).ShouldBe(0);
        (await Count($"select count(*) from history where table_name = 'provider_offering' and row_key = jsonb_build_object('id', {plain}::bigint) and operation = 'D' and actor = 'user:admin@test.local'"))
            .ShouldBe(1);
        (await Text(admin, $"/Offerings/History/{plain}")).ShouldContain("the offering of RCC-L5 ");
    }

    [Theory]
    [InlineData("/Offerings/Details/987654")]
    [InlineData("/Offerings/Edit/987654")]
    [InlineData("/Offerings/History/987654")]
    [InlineData("/Offerings/Archive/987654")]
    [InlineData("/Offerings/Restore/987654")]
    [InlineData("/Offerings/Delete/987654")]
    [InlineData("/Offerings/Details/not-a-number")]
    public async Task An_unknown_offering_is_a_404_page(string path)
    {
        using var admin = await site.ClientAsync("admin");
        var response = await admin.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Page not found");
    }

    [Fact]
    public async Task Saving_an_unknown_offering_is_a_404_not_a_new_record()
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from provider_offering");
        var response = await editor.PostFormAsync("/Offerings/Edit/987654", NewOffering("NVQ2-CCLD", await OrganisationId("Ruskin College")), formPage: "/Offerings/Edit");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Count("select count(*) from provider_offering")).ShouldBe(before);
    }
}
