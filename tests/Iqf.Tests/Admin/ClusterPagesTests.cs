using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Iqf.Data.Csv;
using Iqf.Data.Interchange;
using Iqf.Tests.Support;
using Npgsql;

namespace Iqf.Tests.Admin;

/// <summary>
/// The cluster and clustering scheme pages as in-putters use them, over HTTP against the real
/// site and database. The tests share one database: they change only clusters and schemes they
/// create (named "... Test"), or put back what they change, so the seeded trees stay as the
/// reference files have them.
/// </summary>
public class ClusterPagesTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);
    private Task<string> Scalar(string sql) => TestPostgres.ScalarAsync<string>(site.ConnectionString, sql);
    private Task Exec(string sql) => TestPostgres.ExecAsync(site.ConnectionString, sql);

    /// <summary>A cluster's id by scheme code and path, e.g. ("CWS-2005", "Social care/Fostering").</summary>
    private Task<long> ClusterId(string scheme, string path) => Count(
        $"select cluster_id::bigint from cluster_path where scheme_code = '{scheme}' and path = '{path.Replace("'", "''")}'");
    private Task<long> SchemeId(string code) => Count($"select id::bigint from clustering_scheme where code = '{code}'");

    private static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    private static async Task<string> Text(SiteClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    private static List<string> ListedPaths(string html) =>
        Regex.Matches(html, @"/Clusters/Details/\d+\?returnUrl=[^""]*"">([^<]+)</a>").Select(m => m.Groups[1].Value).ToList();
    private static List<string> ListedSchemes(string html) =>
        Regex.Matches(html, @"/Clusters/Schemes/Details/\d+\?returnUrl=[^""]*"">([^<]+)</a>").Select(m => m.Groups[1].Value).ToList();

    private static List<KeyValuePair<string, string>> ClusterForm(long schemeId, long? parentId, string name, params (string Key, string Value)[] extra)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.SchemeId"] = schemeId.ToString(), ["Input.ParentId"] = parentId?.ToString() ?? "", ["Input.Name"] = name,
            ["Input.Description"] = "", ["Input.SortOrder"] = "",
        };
        foreach (var (k, v) in extra) fields[k] = v;
        return fields.ToList();
    }

    /// <summary>The edit form of an existing cluster as its page would post it unchanged, with some values replaced.</summary>
    private async Task<List<KeyValuePair<string, string>>> CurrentClusterForm(long id, params (string Key, string Value)[] changes)
    {
        await using var conn = new NpgsqlConnection(site.ConnectionString);
        var row = await conn.QuerySingleAsync("""
            select scheme_id::text as scheme, coalesce(parent_id::text, '') as parent, name::text as name,
                   coalesce(description, '') as description, sort_order::text as sort_order
            from cluster where id = @id
            """, new { id = (int)id });
        var fields = new Dictionary<string, string>
        {
            ["Input.SchemeId"] = row.scheme, ["Input.ParentId"] = row.parent, ["Input.Name"] = row.name,
            ["Input.Description"] = row.description, ["Input.SortOrder"] = row.sort_order,
        };
        foreach (var (k, v) in changes) fields[k] = v;
        return fields.ToList();
    }

    private static List<KeyValuePair<string, string>> SchemeForm(string code, string name, params (string Key, string Value)[] extra)
    {
        var fields = new Dictionary<string, string> { ["Input.Code"] = code, ["Input.Name"] = name, ["Input.Description"] = "", ["Input.Source"] = "" };
        foreach (var (k, v) in extra) fields[k] = v;
        return fields.ToList();
    }

    /// <summary>Posts an edit form with the token, version and load time the page handed out.</summary>
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

    /// <summary>Adds a cluster through the page as the editor and returns its id.</summary>
    private async Task<long> AddClusterAsync(SiteClient editor, string scheme, string? parentPath, string name, params (string Key, string Value)[] extra)
    {
        var parent = parentPath is null ? (long?)null : await ClusterId(scheme, parentPath);
        var response = await SaveAsync(editor, "/Clusters/Edit", ClusterForm(await SchemeId(scheme), parent, name, extra));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await Text(response));
        return await ClusterId(scheme, parentPath is null ? name : $"{parentPath}/{name}");
    }

    private async Task<HttpResponseMessage> ArchiveToggleAsync(SiteClient client, string path) =>
        await client.PostFormAsync(path, [new("Version", Hidden(await client.GetStringAsync(path), "Version"))]);

    // ---------------------------------------------------------------------------------------
    // The cluster list

    [Fact]
    public async Task The_list_finds_clusters_by_name_or_path_without_regard_to_case_or_accents()
    {
        using var viewer = await site.ClientAsync("viewer");
        ListedPaths(await Text(viewer, "/Clusters?q=FOSTERING")).ShouldBe(["Social care/Fostering"]);
        ListedPaths(await Text(viewer, "/Clusters?q=s%C3%B4cial+care%2Ff%C3%B3stering")).ShouldBe(["Social care/Fostering"], "accents typed are ignored");
        var leisure = ListedPaths(await Text(viewer, "/Clusters?q=sport+and+leisure"));
        leisure.ShouldBe(["Sport and leisure", "Sport and leisure/Playwork", "Sport and leisure/Sport and recreation", "Sport and leisure/Caravan parks", "Sport and leisure/Outdoors"],
            "a parent's name finds it and everything within it, in tree order");
        ListedPaths(await Text(viewer, "/Clusters?q=education")).Count.ShouldBeGreaterThanOrEqualTo(2, "clusters of every scheme are searched");
        ListedPaths(await Text(viewer, "/Clusters?q=cws-2005%3ASocial+care%2FFostering")).ShouldBe(["Social care/Fostering"], "as files write it, scheme code first");
        ListedPaths(await Text(viewer, "/Clusters?q=100%25")).ShouldBeEmpty("a % typed is a character, not a wildcard");
    }

    [Fact]
    public async Task Filters_by_scheme_place_in_the_tree_and_roles_narrow_the_list_and_stay_in_its_links()
    {
        using var viewer = await site.ClientAsync("viewer");
        var cws = await Text(viewer, "/Clusters?scheme=cws-2005");
        ListedPaths(cws).Take(9).ShouldBe(["CAMHS", "Early years and childcare", "Connexions and related", "Education", "Educational support",
            "Health care", "Social care", "Social care/Social services", "Social care/Fostering"], "by default a scheme reads in tree order");
        cws.ShouldContain("<option value=\"CWS-2005\" selected=\"selected\">", customMessage: "the code is matched whatever its capitals");

        ListedPaths(await Text(viewer, "/Clusters?scheme=DFES-CW&level=top")).ShouldBe(["Central", "Wider"]);
        var children = ListedPaths(await Text(viewer, "/Clusters?scheme=DFES-CW&level=child"));
        children.Count.ShouldBe(34);
        children.ShouldAllBe(p => p.StartsWith("Central/") || p.StartsWith("Wider/"));

        ListedPaths(await Text(viewer, "/Clusters?scheme=DFES-CW&roles=no")).ShouldBe(["Central", "Wider"]);
        var ssc = ListedPaths(await Text(viewer, "/Clusters?scheme=SSC&roles=yes"));
        ssc.ShouldContain("Children's Workforce Development Council");
        ssc.ShouldNotContain("Skills for Care");

        var empty = await Text(viewer, "/Clusters?scheme=OCC-2020&level=child");
        empty.ShouldContain("No clusters found");
        empty.ShouldContain("clear all filters");

        // Sorting links carry the filters, so a bookmark or a return trip keeps the view.
        var sortLink = Regex.Match(await Text(viewer, "/Clusters?scheme=SSC&roles=yes"), "href=\"(/Clusters\\?[^\"]*sort=roles[^\"]*)\"").Groups[1].Value;
        sortLink.ShouldContain("roles=yes");
        sortLink.ShouldContain("scheme=SSC");
    }

    [Fact]
    public async Task The_list_sorts_by_a_column_either_way_and_pages_fifty_at_a_time()
    {
        using var viewer = await site.ClientAsync("viewer");
        var ascending = ListedPaths(await Text(viewer, "/Clusters?scheme=DFES-CW&sort=path&dir=asc"));
        ascending.Count.ShouldBe(36);
        ascending.ShouldBe(ascending.OrderBy(p => p.ToLowerInvariant(), StringComparer.Ordinal).ToList());
        ListedPaths(await Text(viewer, "/Clusters?scheme=DFES-CW&sort=path&dir=desc")).ShouldBe(Enumerable.Reverse(ascending).ToList());

        var byRoles = await Text(viewer, "/Clusters?sort=roles&dir=desc");
        ListedPaths(byRoles)[0].ShouldBe("Children's Workforce Development Council", "35 roles, the most of any cluster");
        byRoles.ShouldContain("aria-sort=\"descending\"><a class=\"govuk-link\" href=\"/Clusters?dir=asc&sort=roles\">Job roles</a>");

        var first = await Text(viewer, "/Clusters?sort=path");
        first.ShouldContain("Showing 1 to 50 of");
        ListedPaths(first).Count.ShouldBe(50);
        first.ShouldContain("page=2&sort=path", customMessage: "the next-page link keeps the sort");
        var second = ListedPaths(await Text(viewer, "/Clusters?sort=path&page=2"));
        second.ShouldNotBeEmpty();
        second.Intersect(ListedPaths(first)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_bad_filter_value_is_explained_and_ignored()
    {
        using var viewer = await site.ClientAsync("viewer");
        var response = await viewer.GetAsync("/Clusters?scheme=NOPE&level=middle&roles=maybe&page=-3&sort=password&dir=sideways");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("There is no clustering scheme with the code NOPE");
        html.ShouldContain("Choose top-level clusters or clusters within another, not middle");
        html.ShouldContain("Choose with job roles or without job roles, not maybe");
        ListedPaths(html).ShouldNotBeEmpty();
        (await Text(viewer, "/Clusters?q=zzzz-nothing-like-this")).ShouldContain("No clusters found");
    }

    // ---------------------------------------------------------------------------------------
    // The scheme list and a scheme's tree

    [Fact]
    public async Task The_scheme_list_searches_code_name_and_description_and_counts_clusters_and_roles()
    {
        using var viewer = await site.ClientAsync("viewer");
        ListedSchemes(await Text(viewer, "/Clusters/Schemes?q=sector+skills")).ShouldBe(["SSC"]);
        ListedSchemes(await Text(viewer, "/Clusters/Schemes?q=SHEFFIELD+HALLAM")).ShouldBe(["DFES-CW"], "the description is searched");
        ListedSchemes(await Text(viewer, "/Clusters/Schemes?q=occ-2020")).ShouldBe(["OCC-2020"]);
        ListedSchemes(await Text(viewer, "/Clusters/Schemes?q=STRAT%C3%89GY")).ShouldBe(["CWS-2005", "OCC-2020"]);
        (await Text(viewer, "/Clusters/Schemes?q=zzzz")).ShouldContain("No clustering schemes found");

        var byClusters = await Text(viewer, "/Clusters/Schemes?sort=clusters&dir=desc");
        ListedSchemes(byClusters)[0].ShouldBe("DFES-CW");
        var dfesRoles = await Count("select count(*) from job_role_cluster jc join job_role r on r.id = jc.job_role_id join clustering_scheme s on s.id = jc.scheme_id where s.code = 'DFES-CW' and r.archived_at is null");
        dfesRoles.ShouldBeGreaterThan(0);
        Regex.IsMatch(byClusters, $@"href=""/Clusters\?scheme=DFES-CW"">36<span class=""govuk-visually-hidden""> clusters of DFES-CW</span></a></td>\s*<td class=""govuk-table__cell govuk-table__cell--numeric"">{dfesRoles}</td>")
            .ShouldBeTrue("36 clusters, linked to the cluster list, and the roles it places");
        ListedSchemes(await Text(viewer, "/Clusters/Schemes?sort=code&dir=desc")).Where(c => !c.Contains("TEST")).ShouldBe(["SSC", "OCC-2020", "DFES-CW", "CWS-2005"]);
    }

    [Fact]
    public async Task A_schemes_page_shows_its_clusters_as_a_nested_tree_with_role_counts()
    {
        using var viewer = await site.ClientAsync("viewer");
        var html = await Text(viewer, $"/Clusters/Schemes/Details/{await SchemeId("CWS-2005")}");
        html.ShouldContain("Children's Workforce Strategy 2005: workforce groups");
        html.ShouldContain("004 L1824-1871");
        var socialCare = await ClusterId("CWS-2005", "Social care");
        var services = await ClusterId("CWS-2005", "Social care/Social services");
        var servicesRoles = await Count($"select count(*) from job_role_cluster jc join job_role r on r.id = jc.job_role_id where jc.cluster_id = {services} and r.archived_at is null");
        // Social care's item holds a nested list of its three sub-clusters, before the next top-level cluster.
        var pattern = $@"<li>\s*<a class=""govuk-link"" href=""/Clusters/Details/{socialCare}"">Social care</a> \(0 job roles\)\s*<ul class=""govuk-list govuk-list--bullet"">\s*"
                      + $@"<li>\s*<a class=""govuk-link"" href=""/Clusters/Details/{services}"">Social services</a> \({servicesRoles} job roles\)\s*</li>\s*"
                      + @"<li>\s*<a[^>]*>Fostering</a>[^<]*</li>\s*<li>\s*<a[^>]*>CAFCASS</a>[^<]*</li>\s*</ul>\s*</li>\s*<li>\s*<a[^>]*>Sport and leisure</a>";
        Regex.IsMatch(html, pattern).ShouldBeTrue("the tree nests each cluster's children in sort order");
        html.IndexOf(">CAMHS<").ShouldBeLessThan(html.IndexOf(">Early years and childcare<"));
        html.ShouldNotContain(">Edit</a>", customMessage: "a viewer is not offered editing");
    }

    // ---------------------------------------------------------------------------------------
    // A cluster's page

    [Fact]
    public async Task A_clusters_page_shows_its_path_scheme_parent_children_and_the_roles_placed_in_it()
    {
        using var viewer = await site.ClientAsync("viewer");
        var services = await ClusterId("CWS-2005", "Social care/Social services");
        var html = await Text(viewer, $"/Clusters/Details/{services}");
        html.ShouldContain("CWS-2005:Social care/Social services");
        html.ShouldContain($"href=\"/Clusters/Schemes/Details/{await SchemeId("CWS-2005")}\">CWS-2005: Children's Workforce Strategy 2005: workforce groups</a>");
        html.ShouldContain($"href=\"/Clusters/Details/{await ClusterId("CWS-2005", "Social care")}\">Social care</a>");
        var role = await Count($"select min(job_role_id) from job_role_cluster where cluster_id = {services}");
        var title = await Scalar($"select title::text from job_role where id = {role}");
        html.ShouldContain($"<a class=\"govuk-link\" href=\"/Roles/Details/{role}\">{title}</a>");

        var parent = await Text(viewer, $"/Clusters/Details/{await ClusterId("CWS-2005", "Social care")}");
        parent.ShouldContain(">Fostering</a> (2 job roles)");
        parent.ShouldContain("No job roles are placed directly in this cluster.");
        parent.ShouldContain($"href=\"/Roles?cluster={await ClusterId("CWS-2005", "Social care")}\"");
    }

    [Theory]
    [InlineData("/Clusters/Details/987654")]
    [InlineData("/Clusters/Edit/987654")]
    [InlineData("/Clusters/History/987654")]
    [InlineData("/Clusters/Archive/987654")]
    [InlineData("/Clusters/Restore/987654")]
    [InlineData("/Clusters/Delete/987654")]
    [InlineData("/Clusters/Details/not-a-number")]
    [InlineData("/Clusters/Details/99999999999")]
    [InlineData("/Clusters/Schemes/Details/987654")]
    [InlineData("/Clusters/Schemes/Edit/987654")]
    [InlineData("/Clusters/Schemes/History/987654")]
    [InlineData("/Clusters/Schemes/Archive/987654")]
    [InlineData("/Clusters/Schemes/Restore/987654")]
    [InlineData("/Clusters/Schemes/Delete/987654")]
    public async Task An_unknown_cluster_or_scheme_is_a_404_page(string path)
    {
        using var admin = await site.ClientAsync("admin");
        var response = await admin.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Page not found");
    }

    [Fact]
    public async Task Saving_an_unknown_cluster_or_scheme_is_a_404_not_a_new_record()
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from cluster") + await Count("select count(*) from clustering_scheme");
        (await editor.PostFormAsync("/Clusters/Edit/987654", ClusterForm(await SchemeId("SSC"), null, "Ghost cluster Test"), formPage: "/Clusters/Edit"))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await editor.PostFormAsync("/Clusters/Schemes/Edit/987654", SchemeForm("GHOST", "Ghost scheme Test"), formPage: "/Clusters/Schemes/Edit"))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Count("select count(*) from cluster") + await Count("select count(*) from clustering_scheme")).ShouldBe(before);
    }

    // ---------------------------------------------------------------------------------------
    // Adding and editing clusters

    [Fact]
    public async Task Adding_a_cluster_puts_it_last_among_its_siblings_and_records_who_did_it()
    {
        using var editor = await site.ClientAsync("editor");
        var ssc = await SchemeId("SSC");
        var parent = await AddClusterAsync(editor, "SSC", null, "Adding parent Test");
        await AddClusterAsync(editor, "SSC", "Adding parent Test", "First child Test");
        await AddClusterAsync(editor, "SSC", "Adding parent Test", "Second child Test");
        var form = ClusterForm(ssc, parent, "  Forest schools Test  ", ("Input.Description", "Outdoor learning, with a comma"), ("next", "save"));
        var response = await SaveAsync(editor, $"/Clusters/Edit?scheme={ssc}&parent={parent}", form);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await ClusterId("SSC", "Adding parent Test/Forest schools Test");
        response.Headers.Location!.ToString().ShouldBe($"/Clusters/Details/{id}");
        (await Scalar($"select concat_ws('|', name, description, sort_order) from cluster where id = {id}")).ShouldBe("Forest schools Test|Outdoor learning, with a comma|3",
            "trimmed, and after the two clusters already within its parent");
        (await Scalar($"select actor from history where table_name = 'cluster' and row_key = jsonb_build_object('id', {id}) and operation = 'I'")).ShouldBe("user:editor@test.local");
        ListedPaths(await Text(editor, "/Clusters?q=forest+schools")).ShouldBe(["Adding parent Test/Forest schools Test"]);

        // "Save and add another" starts the next one in the same scheme and place.
        var another = await SaveAsync(editor, "/Clusters/Edit", ClusterForm(ssc, parent, "Beach schools Test", ("Input.SortOrder", "7"), ("next", "another")));
        another.Headers.Location!.ToString().ShouldBe($"/Clusters/Edit?scheme={ssc}&parent={parent}");
        (await Text(editor, another.Headers.Location!.ToString())).ShouldContain($"<option value=\"{parent}\" selected>Adding parent Test</option>");
        (await Count($"select sort_order::bigint from cluster where id = {await ClusterId("SSC", "Adding parent Test/Beach schools Test")}")).ShouldBe(7);
    }

    [Theory]
    [InlineData("Input.Name", "", "Enter the cluster's name")]
    [InlineData("Input.Name", "   ", "Enter the cluster's name")]
    [InlineData("Input.Name", "Health/social", "The name cannot contain /, ; or :")]
    [InlineData("Input.Name", "Health; social", "The name cannot contain /, ; or :")]
    [InlineData("Input.Name", "CWS:Health", "The name cannot contain /, ; or :")]
    [InlineData("Input.SortOrder", "first", "Enter the sort order as a whole number from 0 to 9999")]
    [InlineData("Input.SortOrder", "-1", "Enter the sort order as a whole number from 0 to 9999")]
    [InlineData("Input.SortOrder", "10000", "Enter the sort order as a whole number from 0 to 9999")]
    [InlineData("Input.SchemeId", "", "Select the clustering scheme")]
    [InlineData("Input.SchemeId", "987654", "Select a clustering scheme from the list")]
    [InlineData("Input.ParentId", "987654", "Select the cluster it sits within from the list")]
    public async Task Each_bad_cluster_value_is_shown_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from cluster");
        var response = await SaveAsync(editor, "/Clusters/Edit", ClusterForm(await SchemeId("SSC"), null, "Bad value Test", (field, value)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("There is a problem");
        html.ShouldContain($"href=\"#{field.Replace('.', '_')}\">{message}");
        html.ShouldContain($"<p id=\"{field.Replace('.', '_')}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {message}");
        (await Count("select count(*) from cluster")).ShouldBe(before);
    }

    [Fact]
    public async Task A_parent_in_another_scheme_an_archived_parent_and_an_archived_scheme_are_refused()
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from cluster");
        var html = await Text(await SaveAsync(editor, "/Clusters/Edit", ClusterForm(await SchemeId("SSC"), await ClusterId("CWS-2005", "Social care"), "Cross scheme Test")));
        html.ShouldContain("Social care is in CWS-2005, not SSC: choose a cluster of the same scheme to put it within, or none");
        html.ShouldContain("href=\"#Input_ParentId\"");

        var parent = await AddClusterAsync(editor, "SSC", null, "Archived parent Test");
        await Exec($"update cluster set archived_at = now() where id = {parent}");
        (await Text(await SaveAsync(editor, "/Clusters/Edit", ClusterForm(await SchemeId("SSC"), parent, "Orphan Test"))))
            .ShouldContain("Archived parent Test is archived: restore it first, or choose another cluster to put this one within");
        await Exec("insert into clustering_scheme (code, name, archived_at) values ('RETIRED-TEST', 'Retired scheme Test', now())");
        (await Text(await SaveAsync(editor, "/Clusters/Edit", ClusterForm(await SchemeId("RETIRED-TEST"), null, "Late arrival Test"))))
            .ShouldContain("RETIRED-TEST is archived: restore the scheme first, or choose another");
        (await Count("select count(*) from cluster")).ShouldBe(before + 1);
        // The form does not offer archived clusters to put a new one within.
        (await Text(editor, "/Clusters/Edit")).ShouldNotContain($"<option value=\"{parent}\"");
    }

    [Fact]
    public async Task A_name_its_siblings_already_use_is_refused_whatever_its_capitals_but_may_be_used_elsewhere()
    {
        using var editor = await site.ClientAsync("editor");
        var cws = await SchemeId("CWS-2005");
        var leisure = await ClusterId("CWS-2005", "Sport and leisure");
        var html = await Text(await SaveAsync(editor, "/Clusters/Edit", ClusterForm(cws, leisure, "PLAYWORK")));
        html.ShouldContain("CWS-2005 already has a cluster called PLAYWORK within Sport and leisure");
        html.ShouldContain("href=\"#Input_Name\"");
        (await Text(await SaveAsync(editor, "/Clusters/Edit", ClusterForm(cws, null, "camhs"))))
            .ShouldContain("CWS-2005 already has a top-level cluster called camhs");

        // Renaming onto a sibling's name is refused the same way.
        var outdoors = await ClusterId("CWS-2005", "Sport and leisure/Outdoors");
        (await Text(await SaveAsync(editor, $"/Clusters/Edit/{outdoors}", await CurrentClusterForm(outdoors, ("Input.Name", "Caravan Parks")))))
            .ShouldContain("CWS-2005 already has a cluster called Caravan Parks within Sport and leisure");
        (await Scalar($"select name::text from cluster where id = {outdoors}")).ShouldBe("Outdoors");

        // The same name in another place, or another scheme, is a different cluster.
        (await AddClusterAsync(editor, "SSC", null, "Playwork Test")).ShouldBeGreaterThan(0);
        (await AddClusterAsync(editor, "SSC", "Playwork Test", "Playwork Test")).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_parent_within_the_cluster_itself_is_refused_naming_the_way_round_the_loop()
    {
        using var editor = await site.ClientAsync("editor");
        var top = await AddClusterAsync(editor, "SSC", null, "Loop top Test");
        var middle = await AddClusterAsync(editor, "SSC", "Loop top Test", "Loop middle Test");
        var bottom = await AddClusterAsync(editor, "SSC", "Loop top Test/Loop middle Test", "Loop bottom Test");

        var direct = await SaveAsync(editor, $"/Clusters/Edit/{top}", await CurrentClusterForm(top, ("Input.ParentId", middle.ToString())));
        direct.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(direct)).ShouldContain("Loop top Test/Loop middle Test cannot be the cluster it sits within: it is already within this cluster (Loop top Test → Loop middle Test), so this would make a loop");
        (await Text(await SaveAsync(editor, $"/Clusters/Edit/{top}", await CurrentClusterForm(top, ("Input.Name", "Loop top renamed Test"), ("Input.ParentId", bottom.ToString())))))
            .ShouldContain("(Loop top renamed Test → Loop middle Test → Loop bottom Test)");
        (await Text(await SaveAsync(editor, $"/Clusters/Edit/{top}", await CurrentClusterForm(top, ("Input.ParentId", top.ToString())))))
            .ShouldContain("A cluster cannot sit within itself");
        (await Scalar($"select coalesce(parent_id::text, 'none') || '|' || name from cluster where id = {top}")).ShouldBe("none|Loop top Test");

        // The form does not offer the cluster itself or anything within it.
        var form = await Text(editor, $"/Clusters/Edit/{top}");
        foreach (var id in new[] { top, middle, bottom }) form.ShouldNotContain($"<option value=\"{id}\"");

        // Moving a branch elsewhere is fine: the bottom cluster moves to the top level, then back within the top.
        (await SaveAsync(editor, $"/Clusters/Edit/{bottom}", await CurrentClusterForm(bottom, ("Input.ParentId", ""))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from cluster where id = {bottom} and parent_id is null")).ShouldBe(1);
    }

    [Fact]
    public async Task The_scheme_is_fixed_once_roles_or_clusters_depend_on_the_cluster_and_the_form_says_why()
    {
        using var editor = await site.ClientAsync("editor");
        var socialCare = await ClusterId("CWS-2005", "Social care");
        var page = await Text(editor, $"/Clusters/Edit/{socialCare}");
        page.ShouldContain("The scheme cannot be changed because 3 clusters sit within it.");
        page.ShouldNotContain("<select class=\"govuk-select\" id=\"Input_SchemeId\"", customMessage: "the scheme is shown, not offered");
        page.ShouldContain("CWS-2005: Children's Workforce Strategy 2005: workforce groups");

        var youth = await ClusterId("CWS-2005", "Youth work");
        var roles = await Count($"select count(*) from job_role_cluster where cluster_id = {youth}");
        (await Text(editor, $"/Clusters/Edit/{youth}")).ShouldContain($"The scheme cannot be changed because {roles} job roles are placed in it.");
        var refused = await SaveAsync(editor, $"/Clusters/Edit/{youth}", await CurrentClusterForm(youth, ("Input.SchemeId", (await SchemeId("SSC")).ToString())));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(refused)).ShouldContain("The scheme cannot be changed while job roles are placed in this cluster or clusters sit within it");
        (await Count($"select scheme_id::bigint from cluster where id = {youth}")).ShouldBe(await SchemeId("CWS-2005"));

        // A cluster nothing depends on may move to another scheme.
        var loose = await AddClusterAsync(editor, "SSC", null, "Loose cluster Test");
        (await Text(editor, $"/Clusters/Edit/{loose}")).ShouldContain("<select class=\"govuk-select\" id=\"Input_SchemeId\"");
        (await SaveAsync(editor, $"/Clusters/Edit/{loose}", await CurrentClusterForm(loose, ("Input.SchemeId", (await SchemeId("CWS-2005")).ToString()))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ClusterId("CWS-2005", "Loose cluster Test")).ShouldBe(loose);
    }

    [Fact]
    public async Task A_constraint_the_database_enforces_after_the_page_checked_becomes_a_field_error_not_a_500()
    {
        // As if another save took the name among these siblings between the page's check and its insert.
        await Exec("""
            create function test_race_cluster() returns trigger language plpgsql as $$
            begin
              if new.name = 'Racing cluster Test' then
                raise exception 'duplicate key value violates unique constraint' using errcode = '23505', constraint = 'cluster_scheme_id_parent_id_name_key';
              end if;
              return new;
            end $$;
            create trigger test_race_cluster before insert on cluster for each row execute function test_race_cluster();
            """);
        try
        {
            using var editor = await site.ClientAsync("editor");
            var response = await SaveAsync(editor, "/Clusters/Edit", ClusterForm(await SchemeId("SSC"), null, "Racing cluster Test"));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await Text(response);
            html.ShouldContain("A cluster beside this one already has this name");
            html.ShouldContain("href=\"#Input_Name\"");
            (await Count("select count(*) from cluster where name = 'Racing cluster Test'")).ShouldBe(0);
        }
        finally
        {
            await Exec("drop trigger test_race_cluster on cluster; drop function test_race_cluster();");
        }
    }

    [Fact]
    public async Task Two_editors_saving_the_same_cluster_never_overwrite_each_other()
    {
        using var setup = await site.ClientAsync("editor");
        var id = await AddClusterAsync(setup, "SSC", null, "Contested Test", ("Input.Description", "First words"));
        var other = await AddClusterAsync(setup, "SSC", null, "Contested home Test");
        var path = $"/Clusters/Edit/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);

        (await alice.PostRawAsync(path, WithPageState(alicePage, await CurrentClusterForm(id, ("Input.ParentId", other.ToString())))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var bobForm = await CurrentClusterForm(id, ("Input.ParentId", ""), ("Input.Description", "Bob's words"));
        var conflict = await bob.PostRawAsync(path, WithPageState(bobPage, bobForm));

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this cluster while you were editing it");
        html.ShouldContain("<td class=\"govuk-table__cell\">parent id</td>");
        html.ShouldContain("<td class=\"govuk-table__cell app-history-values\">Contested home Test</td>", customMessage: "the new parent is named, not numbered");
        html.ShouldContain("user:editor@test.local");
        html.ShouldContain("Bob's words", customMessage: "Bob's own change is still in the form");
        (await Scalar($"select concat_ws('|', parent_id, description) from cluster where id = {id}")).ShouldBe($"{other}|First words");
        (await Count($"select count(*) from history where table_name = 'cluster' and row_key = jsonb_build_object('id', {id}) and operation = 'U'")).ShouldBe(1,
            "one save recorded, not two");

        // Having read Alice's change, Bob saves again from the conflict page: now his values win, knowingly.
        var again = await bob.PostRawAsync(path, WithPageState(await conflict.Content.ReadAsStringAsync(), bobForm));
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select concat_ws('|', coalesce(parent_id::text, 'none'), description) from cluster where id = {id}")).ShouldBe("none|Bob's words");
    }

    // ---------------------------------------------------------------------------------------
    // Archive and restore

    [Fact]
    public async Task Archiving_a_cluster_is_refused_while_roles_or_current_clusters_depend_on_it()
    {
        using var editor = await site.ClientAsync("editor");
        var leisure = await ClusterId("CWS-2005", "Sport and leisure");
        var page = await Text(editor, $"/Clusters/Archive/{leisure}");
        page.ShouldContain("Sport and leisure cannot be archived yet");
        page.ShouldContain("4 current clusters sit within it (Playwork, Sport and recreation, Caravan parks, Outdoors); archive or move them first.");
        page.ShouldNotContain(">Archive cluster</button>", customMessage: "there is nothing to confirm");
        var posted = await editor.PostFormAsync($"/Clusters/Archive/{leisure}", [new("Version", "0")], formPage: "/Clusters");
        posted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(posted)).ShouldContain("There is a problem");

        var youth = await ClusterId("CWS-2005", "Youth work");
        var roles = await Count($"select count(*) from job_role_cluster jc join job_role r on r.id = jc.job_role_id where jc.cluster_id = {youth} and r.archived_at is null");
        (await Text(editor, $"/Clusters/Archive/{youth}"))
            .ShouldContain($"{roles} current job roles are placed in it; move them to another cluster on the role's page first.");
        (await editor.PostFormAsync($"/Clusters/Archive/{youth}", [new("Version", Hidden(await editor.GetStringAsync($"/Clusters/Archive/{youth}"), "Version"))], formPage: "/Clusters"))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count($"select count(*) from cluster where id in ({leisure}, {youth}) and archived_at is not null")).ShouldBe(0);
    }

    [Fact]
    public async Task Archiving_hides_a_cluster_from_the_list_restoring_brings_it_back_and_a_child_waits_for_its_parent()
    {
        using var editor = await site.ClientAsync("editor");
        var parent = await AddClusterAsync(editor, "SSC", null, "Archivable parent Test");
        var child = await AddClusterAsync(editor, "SSC", "Archivable parent Test", "Archivable child Test");

        (await ArchiveToggleAsync(editor, $"/Clusters/Archive/{child}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ArchiveToggleAsync(editor, $"/Clusters/Archive/{parent}")).StatusCode.ShouldBe(HttpStatusCode.Redirect,
            "an archived child no longer holds its parent back");
        ListedPaths(await Text(editor, "/Clusters?q=archivable")).ShouldBeEmpty();
        ListedPaths(await Text(editor, "/Clusters?q=archivable&show=archived")).ShouldBe(["Archivable parent Test", "Archivable parent Test/Archivable child Test"]);
        (await Text(editor, $"/Clusters/Details/{parent}")).ShouldContain("Archived on");

        // The child cannot come back while its parent is archived.
        var refused = await Text(editor, $"/Clusters/Restore/{child}");
        refused.ShouldContain("Archivable child Test cannot be restored yet");
        refused.ShouldContain("It sits within Archivable parent Test, which is archived; restore that first.");
        (await ArchiveToggleAsync(editor, $"/Clusters/Restore/{parent}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ArchiveToggleAsync(editor, $"/Clusters/Restore/{child}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ListedPaths(await Text(editor, "/Clusters?q=archivable")).Count.ShouldBe(2);
        (await Count($"""
            select count(*) from history where table_name = 'cluster' and row_key = jsonb_build_object('id', {parent})
              and 'archived_at' = any (changed_fields) and actor = 'user:editor@test.local'
            """)).ShouldBe(2);
    }

    [Fact]
    public async Task A_stale_archive_confirmation_is_a_conflict_not_a_silent_change()
    {
        using var editor = await site.ClientAsync("editor");
        var id = await AddClusterAsync(editor, "SSC", null, "Stale archive Test");
        var version = Hidden(await editor.GetStringAsync($"/Clusters/Archive/{id}"), "Version");
        await Exec($"update cluster set description = 'changed meanwhile' where id = {id}");
        var response = await editor.PostFormAsync($"/Clusters/Archive/{id}", [new("Version", version)], formPage: "/Clusters");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(response)).ShouldContain("Someone else changed this record after you opened this page");
        (await Count($"select count(*) from cluster where id = {id} and archived_at is null")).ShouldBe(1);
    }

    [Fact]
    public async Task Bulk_archive_and_restore_take_a_branch_together_and_name_what_they_hold_back()
    {
        using var editor = await site.ClientAsync("editor");
        var parent = await AddClusterAsync(editor, "SSC", null, "Bulk parent Test");
        var a = await AddClusterAsync(editor, "SSC", "Bulk parent Test", "Bulk child A Test");
        var b = await AddClusterAsync(editor, "SSC", "Bulk parent Test", "Bulk child B Test");
        var youth = await ClusterId("CWS-2005", "Youth work");
        List<KeyValuePair<string, string>> Select(params long[] ids) => [.. ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString()))];

        // The parent alone is held back by its current children; Youth work by its roles.
        var alone = await editor.PostFormAsync("/Clusters/Bulk?handler=Archive", [.. Select(parent, youth), new("ReturnUrl", "/Clusters?scheme=SSC")], formPage: "/Clusters");
        alone.Headers.Location!.ToString().ShouldBe("/Clusters?scheme=SSC", "back to the list view the user came from");
        var message = await Text(editor, "/Clusters?scheme=SSC");
        message.ShouldContain("Archived 0 clusters. Not archived: Bulk parent Test (2 current clusters sit within it (Bulk child A Test, Bulk child B Test); archive or move them first); Youth work (");
        (await Count($"select count(*) from cluster where id in ({parent}, {youth}) and archived_at is not null")).ShouldBe(0);

        // With its children selected too, the branch goes together.
        await editor.PostFormAsync("/Clusters/Bulk?handler=Archive", Select(parent, a, b), formPage: "/Clusters");
        (await Count($"select count(*) from cluster where id in ({parent}, {a}, {b}) and archived_at is not null")).ShouldBe(3);

        // A child cannot come back without its parent; with it, it can.
        await editor.PostFormAsync("/Clusters/Bulk?handler=Restore", [.. Select(a), new("ReturnUrl", "//evil.example/")], formPage: "/Clusters");
        (await Text(editor, "/Clusters")).ShouldContain("Restored 0 clusters. Not restored: Bulk child A Test (it sits within Bulk parent Test, which is archived; restore that first)");
        await editor.PostFormAsync("/Clusters/Bulk?handler=Restore", Select(a, parent), formPage: "/Clusters");
        (await Count($"select count(*) from cluster where id in ({parent}, {a}) and archived_at is null")).ShouldBe(2);
        (await Count($"select count(*) from cluster where id = {b} and archived_at is not null")).ShouldBe(1);
    }

    [Fact]
    public async Task Archiving_a_scheme_is_allowed_with_a_warning_and_takes_its_clusters_out_of_the_current_list()
    {
        await Exec("""
            insert into clustering_scheme (code, name) values ('ARCH-TEST', 'Archivable scheme Test');
            insert into cluster (scheme_id, name) select id, 'Scheme archive Test' from clustering_scheme where code = 'ARCH-TEST';
            insert into job_role_cluster (job_role_id, scheme_id, cluster_id)
            select (select min(id) from job_role where archived_at is null), c.scheme_id, c.id from cluster c where c.name = 'Scheme archive Test';
            """);
        var scheme = await SchemeId("ARCH-TEST");
        using var editor = await site.ClientAsync("editor");
        var page = await Text(editor, $"/Clusters/Schemes/Archive/{scheme}");
        page.ShouldContain("Archive ARCH-TEST: Archivable scheme Test?");
        page.ShouldContain("Its 1 cluster goes out of use with it, and so does the place of 1 current job role in it");
        (await ArchiveToggleAsync(editor, $"/Clusters/Schemes/Archive/{scheme}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        ListedPaths(await Text(editor, "/Clusters?q=scheme+archive+test")).ShouldBeEmpty();
        var archived = await Text(editor, "/Clusters?q=scheme+archive+test&show=archived");
        ListedPaths(archived).ShouldBe(["Scheme archive Test"]);
        archived.ShouldContain("Scheme archived");
        ListedSchemes(await Text(editor, "/Clusters/Schemes?q=archivable")).ShouldBeEmpty();
        ListedSchemes(await Text(editor, "/Clusters/Schemes?q=archivable&show=archived")).ShouldBe(["ARCH-TEST"]);
        (await Count("select count(*) from job_role_cluster jc join cluster c on c.id = jc.cluster_id where c.name = 'Scheme archive Test'")).ShouldBe(1,
            "the placements are kept");

        (await ArchiveToggleAsync(editor, $"/Clusters/Schemes/Restore/{scheme}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ListedPaths(await Text(editor, "/Clusters?q=scheme+archive+test")).ShouldBe(["Scheme archive Test"]);

        // Bulk archive and restore of schemes.
        await editor.PostFormAsync("/Clusters/Schemes/Bulk?handler=Archive", [new("Ids", scheme.ToString()), new("ReturnUrl", "/Clusters/Schemes?q=arch")], formPage: "/Clusters/Schemes");
        (await Text(editor, "/Clusters/Schemes?q=arch")).ShouldContain("Archived 1 clustering scheme");
        (await Count($"select count(*) from clustering_scheme where id = {scheme} and archived_at is not null")).ShouldBe(1);
        await editor.PostFormAsync("/Clusters/Schemes/Bulk?handler=Restore", [new("Ids", scheme.ToString())], formPage: "/Clusters/Schemes");
        (await Count($"select count(*) from clustering_scheme where id = {scheme} and archived_at is null")).ShouldBe(1);
    }

    // ---------------------------------------------------------------------------------------
    // Schemes: add and edit

    [Fact]
    public async Task Adding_a_scheme_stores_its_code_in_capitals_and_a_code_in_use_is_refused()
    {
        using var editor = await site.ClientAsync("editor");
        var response = await SaveAsync(editor, "/Clusters/Schemes/Edit", SchemeForm(" nhs-cf-test ", "NHS career framework groups Test",
            ("Input.Description", "Groups by NHS career framework band"), ("Input.Source", "004 L1936")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await SchemeId("NHS-CF-TEST");
        response.Headers.Location!.ToString().ShouldBe($"/Clusters/Schemes/Details/{id}");
        (await Scalar($"select concat_ws('|', code, name, description, source) from clustering_scheme where id = {id}"))
            .ShouldBe("NHS-CF-TEST|NHS career framework groups Test|Groups by NHS career framework band|004 L1936");
        (await Scalar($"select actor from history where table_name = 'clustering_scheme' and row_key = jsonb_build_object('id', {id})")).ShouldBe("user:editor@test.local");

        var before = await Count("select count(*) from clustering_scheme");
        var taken = await Text(await SaveAsync(editor, "/Clusters/Schemes/Edit", SchemeForm("cws-2005", "Another scheme Test")));
        taken.ShouldContain("The code CWS-2005 is already used by CWS-2005 (Children's Workforce Strategy 2005: workforce groups)");
        taken.ShouldContain("href=\"#Input_Code\"");
        (await Text(await SaveAsync(editor, $"/Clusters/Schemes/Edit/{id}", SchemeForm("SSC", "NHS career framework groups Test"))))
            .ShouldContain("The code SSC is already used by SSC (Sector Skills Council footprints)");
        (await Count("select count(*) from clustering_scheme")).ShouldBe(before);
    }

    [Theory]
    [InlineData("Input.Code", "", "Enter the scheme's code")]
    [InlineData("Input.Code", "CWS 2005", "Enter the code as 2 to 32 capital letters, digits and hyphens, starting with a letter")]
    [InlineData("Input.Code", "2005-CWS", "Enter the code as 2 to 32 capital letters, digits and hyphens, starting with a letter")]
    [InlineData("Input.Code", "CWS:2005", "Enter the code as 2 to 32 capital letters, digits and hyphens, starting with a letter")]
    [InlineData("Input.Code", "X", "Enter the code as 2 to 32 capital letters, digits and hyphens, starting with a letter")]
    [InlineData("Input.Name", " ", "Enter the scheme's name")]
    public async Task Each_bad_scheme_value_is_shown_beside_its_field_and_nothing_is_saved(string field, string value, string message)
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from clustering_scheme");
        var response = await SaveAsync(editor, "/Clusters/Schemes/Edit", SchemeForm("BAD-VALUE", "Bad value scheme Test", (field, value)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain($"href=\"#{field.Replace('.', '_')}\">{message}");
        html.ShouldContain($"<p id=\"{field.Replace('.', '_')}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {message}");
        (await Count("select count(*) from clustering_scheme")).ShouldBe(before);
    }

    [Fact]
    public async Task Two_editors_saving_the_same_scheme_never_overwrite_each_other_and_the_history_shows_the_change()
    {
        await Exec("insert into clustering_scheme (code, name) values ('CONTESTED-TEST', 'Contested scheme Test')");
        var id = await SchemeId("CONTESTED-TEST");
        var path = $"/Clusters/Schemes/Edit/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);
        (await alice.PostRawAsync(path, WithPageState(alicePage, SchemeForm("CONTESTED-TEST", "Contested scheme Test", ("Input.Source", "Alice's source")))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await bob.PostRawAsync(path, WithPageState(bobPage, SchemeForm("CONTESTED-TEST", "Renamed by Bob Test")));
        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this clustering scheme while you were editing it");
        html.ShouldContain("Alice's source");
        (await Scalar($"select name from clustering_scheme where id = {id}")).ShouldBe("Contested scheme Test");
        (await Count($"select count(*) from history where table_name = 'clustering_scheme' and row_key = jsonb_build_object('id', {id}) and operation = 'U'")).ShouldBe(1);

        var history = await Text(alice, $"/Clusters/Schemes/History/{id}");
        history.ShouldContain("Changed by user:editor@test.local");
        history.ShouldContain(">source<");
        history.ShouldContain(">Alice's source<");
    }

    [Fact]
    public async Task A_scheme_code_taken_between_the_check_and_the_save_becomes_a_field_error_not_a_500()
    {
        await Exec("""
            create function test_race_scheme() returns trigger language plpgsql as $$
            begin
              if new.code = 'RACING-TEST' then
                raise exception 'duplicate key value violates unique constraint' using errcode = '23505', constraint = 'clustering_scheme_code_key';
              end if;
              return new;
            end $$;
            create trigger test_race_scheme before insert on clustering_scheme for each row execute function test_race_scheme();
            """);
        try
        {
            using var editor = await site.ClientAsync("editor");
            var response = await SaveAsync(editor, "/Clusters/Schemes/Edit", SchemeForm("racing-test", "Racing scheme Test"));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await Text(response);
            html.ShouldContain("Another clustering scheme already has this code");
            html.ShouldContain("href=\"#Input_Code\"");
            (await Count("select count(*) from clustering_scheme where code = 'RACING-TEST'")).ShouldBe(0);
        }
        finally
        {
            await Exec("drop trigger test_race_scheme on clustering_scheme; drop function test_race_scheme();");
        }
    }

    // ---------------------------------------------------------------------------------------
    // History

    [Fact]
    public async Task A_clusters_history_shows_its_field_changes_and_the_roles_placed_in_and_moved_out_with_names()
    {
        using var editor = await site.ClientAsync("editor");
        var home = await AddClusterAsync(editor, "SSC", null, "History home Test");
        var id = await AddClusterAsync(editor, "SSC", null, "History Test");
        (await SaveAsync(editor, $"/Clusters/Edit/{id}", await CurrentClusterForm(id, ("Input.ParentId", home.ToString()), ("Input.Description", "Now with words"))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // A role placed in it, then moved to another cluster of the scheme, under a named actor.
        await Exec($"""
            select set_config('iqf.actor', 'user:planner-of-roles@test.local', false);
            delete from job_role_cluster where job_role_id = (select id from job_role where title = 'Youth worker') and scheme_id = (select id from clustering_scheme where code = 'SSC');
            insert into job_role_cluster (job_role_id, scheme_id, cluster_id) select id, (select id from clustering_scheme where code = 'SSC'), {id} from job_role where title = 'Youth worker';
            update job_role_cluster set cluster_id = {home} where cluster_id = {id};
            """);

        var history = await Text(editor, $"/Clusters/History/{id}");
        history.ShouldContain("Created by user:editor@test.local");
        history.ShouldContain("Changed by user:editor@test.local");
        history.ShouldContain(">parent id<");
        history.ShouldContain(">SSC:History home Test<", customMessage: "the parent is named by its path, not numbered");
        history.ShouldContain(">Now with words<");
        history.ShouldContain("Added job role placement by user:planner-of-roles@test.local");
        history.ShouldContain("Changed job role placement by user:planner-of-roles@test.local");
        history.ShouldContain(">Youth worker<");
        history.ShouldContain(">SSC:History home Test/History Test<");
    }

    // ---------------------------------------------------------------------------------------
    // Export

    [Fact]
    public async Task Exported_clusters_and_schemes_are_the_reference_files_format_and_order()
    {
        using var planner = await site.ClientAsync("planner");
        // Everything seeded (tests add only clusters and schemes named "... Test"), in whatever order the ids are posted.
        var clusterIds = await Ids("select id from cluster where name not ilike '%test%' and scheme_id in (select id from clustering_scheme where code not ilike '%test%') order by random()");
        var response = await planner.PostFormAsync("/Clusters/Export", clusterIds.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())), formPage: "/Clusters");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileName.ShouldStartWith("clusters-");
        Lines(await response.Content.ReadAsStringAsync()).ShouldBe(Lines(Seed("seed/clusters.csv")), "the export is the seed file the seeder reads");

        var schemeIds = await Ids("select id from clustering_scheme where code not ilike '%test%' order by random()");
        var schemes = await planner.PostFormAsync("/Clusters/Schemes/Export", schemeIds.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())), formPage: "/Clusters/Schemes");
        schemes.StatusCode.ShouldBe(HttpStatusCode.OK);
        Lines(await schemes.Content.ReadAsStringAsync()).ShouldBe(Lines(Seed("seed/clustering_schemes.csv")));

        // A selection keeps the file's order: scheme, then parents before their children.
        var some = new[] { await ClusterId("CWS-2005", "Social care/Fostering"), await ClusterId("SSC", "Skills for Care"), await ClusterId("CWS-2005", "Social care") };
        var part = await planner.PostFormAsync("/Clusters/Export", some.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())), formPage: "/Clusters");
        Lines(await part.Content.ReadAsStringAsync()).Select(l => string.Join(",", l.Split(',').Take(2))).ShouldBe(
            ["scheme,path", "CWS-2005,Social care", "CWS-2005,Social care/Fostering", "SSC,Skills for Care"]);
    }

    [Fact]
    public async Task An_exported_cluster_with_awkward_text_reads_back_through_the_seed_loaders_staging()
    {
        using var editor = await site.ClientAsync("editor");
        var id = await AddClusterAsync(editor, "SSC", null, "Awkward, \"quoted\" Test",
            ("Input.Description", "Line one, with a comma\nline \"two\"; and a semicolon"), ("Input.SortOrder", "42"));
        await using var conn = new NpgsqlConnection(site.ConnectionString);
        await conn.OpenAsync();
        var csv = new StringWriter();
        await ClusterExport.WriteClustersAsync(conn, [id], csv);

        // The seeder stages every file with CsvStaging and these columns (Seeding/SeedSteps.cs, clusters.csv).
        await using var tx = await conn.BeginTransactionAsync();
        await CsvStaging.LoadAsync(conn, "stage_clusters", new StringReader(csv.ToString()), "clusters.csv",
            ["scheme", "path", "description", "sort_order"], ["scheme", "path"], CancellationToken.None);
        var row = await conn.QuerySingleAsync<(string Scheme, string Path, string Description, string SortOrder)>(
            "select scheme, path, description, sort_order from stage_clusters", transaction: tx);
        row.ShouldBe(("SSC", "Awkward, \"quoted\" Test", "Line one, with a comma\nline \"two\"; and a semicolon", "42"));
    }

    private async Task<List<long>> Ids(string sql)
    {
        await using var conn = new NpgsqlConnection(site.ConnectionString);
        return (await conn.QueryAsync<long>(sql)).ToList();
    }

    private static List<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();

    /// <summary>A reference file as the seeder reads it: from the build, not from the working tree.</summary>
    private static string Seed(string name)
    {
        using var stream = typeof(Iqf.Data.IqfDbContext).Assembly.GetManifestResourceStream(name)!;
        return new StreamReader(stream).ReadToEnd();
    }

    // ---------------------------------------------------------------------------------------
    // Delete

    [Fact]
    public async Task Delete_is_refused_while_roles_or_clusters_depend_on_a_cluster_or_scheme()
    {
        using var admin = await site.ClientAsync("admin");
        var socialCare = await ClusterId("CWS-2005", "Social care");
        var page = await Text(admin, $"/Clusters/Delete/{socialCare}");
        page.ShouldContain("cannot be deleted");
        page.ShouldContain("3 clusters sit within it (Social services, Fostering, CAFCASS)");
        (await admin.PostFormAsync($"/Clusters/Delete/{socialCare}", [], formPage: $"/Clusters/Details/{socialCare}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var cafcass = await ClusterId("CWS-2005", "Social care/CAFCASS");
        (await Text(admin, $"/Clusters/Delete/{cafcass}")).ShouldContain("1 job role is placed in it (");
        (await admin.PostFormAsync($"/Clusters/Delete/{cafcass}", [], formPage: $"/Clusters/Details/{cafcass}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var cws = await SchemeId("CWS-2005");
        var scheme = await Text(admin, $"/Clusters/Schemes/Delete/{cws}");
        scheme.ShouldContain("clusters belong to it");
        scheme.ShouldContain("job roles are placed by it");
        (await admin.PostFormAsync($"/Clusters/Schemes/Delete/{cws}", [], formPage: $"/Clusters/Schemes/Details/{cws}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count($"select count(*) from cluster where id in ({socialCare}, {cafcass})") + await Count($"select count(*) from clustering_scheme where id = {cws}")).ShouldBe(3);
    }

    [Fact]
    public async Task Delete_of_an_unreferenced_cluster_or_scheme_removes_it_and_keeps_the_history()
    {
        using var editor = await site.ClientAsync("editor");
        (await SaveAsync(editor, "/Clusters/Schemes/Edit", SchemeForm("MISTAKE-TEST", "Entered by mistake Test"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var scheme = await SchemeId("MISTAKE-TEST");
        var cluster = await AddClusterAsync(editor, "MISTAKE-TEST", null, "Mistaken cluster Test");
        using var admin = await site.ClientAsync("admin");
        (await Text(admin, $"/Clusters/Schemes/Delete/{scheme}")).ShouldContain("1 cluster belongs to it");

        var deleted = await admin.PostFormAsync($"/Clusters/Delete/{cluster}", [], formPage: $"/Clusters/Delete/{cluster}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        deleted.Headers.Location!.ToString().ShouldBe("/Clusters");
        (await admin.PostFormAsync($"/Clusters/Schemes/Delete/{scheme}", [], formPage: $"/Clusters/Schemes/Delete/{scheme}"))
            .Headers.Location!.ToString().ShouldBe("/Clusters/Schemes");

        (await Count($"select count(*) from cluster where id = {cluster}") + await Count($"select count(*) from clustering_scheme where id = {scheme}")).ShouldBe(0);
        (await Count($"""
            select count(*) from history where operation = 'D' and actor = 'user:admin@test.local'
              and ((table_name = 'cluster' and row_key = jsonb_build_object('id', {cluster})) or (table_name = 'clustering_scheme' and row_key = jsonb_build_object('id', {scheme})))
            """)).ShouldBe(2);
        (await Text(admin, $"/Clusters/History/{cluster}")).ShouldContain("Mistaken cluster Test");
        (await Text(admin, $"/Clusters/Schemes/History/{scheme}")).ShouldContain("MISTAKE-TEST");
    }

    [Fact]
    public async Task Viewers_see_the_lists_without_editing_or_selection_and_editors_get_both()
    {
        using var viewer = await site.ClientAsync("viewer");
        var list = await Text(viewer, "/Clusters");
        list.ShouldNotContain("name=\"ids\"");
        list.ShouldNotContain("Add a cluster");
        list.ShouldContain("aria-current=\"page\">Clusters</a>");
        using var editor = await site.ClientAsync("editor");
        var edit = await Text(editor, "/Clusters/Schemes");
        edit.ShouldContain("name=\"ids\"");
        edit.ShouldContain("Archive selected");
        edit.ShouldContain("aria-current=\"page\">Clustering schemes</a>");
    }
}
