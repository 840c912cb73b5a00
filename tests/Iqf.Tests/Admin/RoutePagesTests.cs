using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CsvHelper;
using Dapper;
using Iqf.Data.Interchange;
using Iqf.Tests.Support;
using Npgsql;

namespace Iqf.Tests.Admin;

/// <summary>
/// The progression route pages as in-putters and planners use them, over HTTP against the real
/// site and database (sample routes seeded). Tests that change routes make their own, so the
/// sample routes other tests read stay as seeded.
/// </summary>
public partial class RoutePagesTests(TestSite site) : IClassFixture<TestSite>
{
    private const string Ends = """
        left join job_role fr on fr.id = p.from_role_id left join qualification fq on fq.id = p.from_qualification_id
        left join job_role tr on tr.id = p.to_role_id left join qualification tq on tq.id = p.to_qualification_id
        """;

    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);
    private Task<string> Scalar(string sql) => TestPostgres.ScalarAsync<string>(site.ConnectionString, sql);
    private Task<long> RoleId(string title) => Count($"select id from job_role where title = '{title.Replace("'", "''")}'");
    private Task<long> QualificationId(string reference) => Count($"select id from qualification where reference = '{reference}'");

    /// <summary>The route between two ends, each a role title or a qualification reference.</summary>
    private Task<long> RouteId(string from, string to, string? mechanism = null) => Count($"""
        select p.id from progression_route p {Ends}
        where coalesce(fr.title::text, fq.reference) = '{from.Replace("'", "''")}' and coalesce(tr.title::text, tq.reference) = '{to.Replace("'", "''")}'
          {(mechanism is null ? "" : $"and p.mechanism = '{mechanism}'")}
        order by p.id limit 1
        """);

    /// <summary>Inserts a route straight into the database; each end is a role title or, failing that, a qualification reference.</summary>
    private async Task<long> NewRoute(string from, string to, string mechanism = "direct", string direction = "horizontal", string? notes = null)
    {
        await using var conn = new NpgsqlConnection(site.ConnectionString);
        return await conn.ExecuteScalarAsync<long>("""
            insert into progression_route (from_role_id, from_qualification_id, to_role_id, to_qualification_id, direction, mechanism, notes)
            values ((select id from job_role where title = @from::citext), (select id from qualification where reference = @from),
                    (select id from job_role where title = @to::citext), (select id from qualification where reference = @to),
                    @direction, @mechanism, @notes)
            returning id
            """, new { from, to, direction, mechanism, notes });
    }

    private static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    private static async Task<string> Text(SiteClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    /// <summary>The routes a list page shows, as "From → To", in order.</summary>
    private static List<string> Listed(string html) =>
        ListedRoute().Matches(html).Select(m => $"{WebUtility.HtmlDecode(m.Groups[1].Value)} → {WebUtility.HtmlDecode(m.Groups[2].Value)}").ToList();

    [GeneratedRegex(@"href=""/Routes/Details/\d+\?returnUrl=[^""]*"">([^<]+)<span class=""govuk-visually-hidden""> to ([^<]+)</span></a>")]
    private static partial Regex ListedRoute();

    private static string Hidden(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"").Groups[1].Value;

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

    /// <summary>
    /// A new route's form: from the role Nanny to the role Childminder, horizontal, fast track,
    /// with changes. A change's value "@Title" stands for that role's id.
    /// </summary>
    private async Task<List<KeyValuePair<string, string>>> NewForm(params (string Key, string Value)[] changes)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.FromKind"] = "role", ["Input.FromRoleId"] = (await RoleId("Nanny")).ToString(), ["Input.FromQualification"] = "",
            ["Input.ToKind"] = "role", ["Input.ToRoleId"] = (await RoleId("Childminder")).ToString(), ["Input.ToQualification"] = "",
            ["Input.Direction"] = "horizontal", ["Input.Mechanism"] = "fast-track", ["Input.ViaQualifications"] = "", ["Input.ViaModules"] = "",
            ["Input.Notes"] = "", ["Input.ReviewIntervalMonths"] = "", ["next"] = "save",
        };
        foreach (var (k, v) in changes) fields[k] = v.StartsWith('@') ? (await RoleId(v[1..])).ToString() : v;
        return fields.ToList();
    }

    /// <summary>The edit form of an existing route as its page would post it unchanged, with some values replaced.</summary>
    private async Task<List<KeyValuePair<string, string>>> CurrentForm(long id, params (string Key, string Value)[] changes)
    {
        await using var conn = new NpgsqlConnection(site.ConnectionString);
        var row = await conn.QuerySingleAsync($"""
            select case when p.from_role_id is null then 'qualification' else 'role' end as from_kind, coalesce(p.from_role_id::text, '') as from_role,
                   coalesce(fq.reference, '') as from_qualification,
                   case when p.to_role_id is null then 'qualification' else 'role' end as to_kind, coalesce(p.to_role_id::text, '') as to_role,
                   coalesce(tq.reference, '') as to_qualification, p.direction, p.mechanism, coalesce(p.notes, '') as notes,
                   coalesce(p.review_interval_months::text, '') as review,
                   coalesce((select string_agg(q.reference, E'\n' order by v.position) from route_via_qualification v join qualification q on q.id = v.qualification_id where v.route_id = p.id), '') as via,
                   coalesce((select string_agg(m.code::text, E'\n' order by v.position) from route_via_module v join module m on m.id = v.module_id where v.route_id = p.id), '') as modules
            from progression_route p {Ends} where p.id = @id
            """, new { id });
        var fields = new Dictionary<string, string>
        {
            ["Input.FromKind"] = row.from_kind, ["Input.FromRoleId"] = row.from_role, ["Input.FromQualification"] = row.from_qualification,
            ["Input.ToKind"] = row.to_kind, ["Input.ToRoleId"] = row.to_role, ["Input.ToQualification"] = row.to_qualification,
            ["Input.Direction"] = row.direction, ["Input.Mechanism"] = row.mechanism, ["Input.Notes"] = row.notes,
            ["Input.ReviewIntervalMonths"] = row.review, ["Input.ViaQualifications"] = row.via, ["Input.ViaModules"] = row.modules, ["next"] = "save",
        };
        foreach (var (k, v) in changes) fields[k] = v;
        return fields.ToList();
    }

    private Task<long> HistoryTransactions(long id) => Count($"""
        select count(distinct transaction_id) from history
        where (table_name = 'progression_route' and row_key = jsonb_build_object('id', {id}::bigint))
           or (table_name in ('route_via_qualification', 'route_via_module') and row_key @> jsonb_build_object('route_id', {id}::bigint))
        """);

    [Fact]
    public async Task The_list_finds_routes_by_either_end_or_the_notes_without_regard_to_case_or_accents()
    {
        await NewRoute("Crèche worker", "Playgroup assistant", "employment-based", notes: "Réseau des crèches: apprentissage sur le terrain");
        using var viewer = await site.ClientAsync("viewer");

        (await Text(viewer, "/Routes")).ShouldContain("Showing 1 to ");
        Listed(await Text(viewer, "/Routes?q=CRECHE+worker")).ShouldBe(["Crèche worker → Playgroup assistant"]);
        Listed(await Text(viewer, "/Routes?q=reseau+des")).ShouldBe(["Crèche worker → Playgroup assistant"], "the notes are searched, accents folded");
        Listed(await Text(viewer, "/Routes?q=playgroup+ASSISTANT")).ShouldBe(["Crèche worker → Playgroup assistant"], "the end a route leads to counts too");

        var social = Listed(await Text(viewer, "/Routes?q=social+worker"));
        social.ShouldContain("Nursery nurse → Social worker");
        social.ShouldContain("Social worker → Senior social worker");
        social.ShouldNotContain("Nurse → Health visitor");

        // A qualification end by its reference (any case) or its title.
        var byReference = Listed(await Text(viewer, "/Routes?q=fd-ey"));
        byReference.ShouldContain("CYPW-L3 Level 3 Diploma for the Children and Young People's Workforce → FD-EY Foundation Degree in Early Years (sector-endorsed)");
        byReference.Count(r => r.StartsWith("FD-EY ")).ShouldBe(2);
        Listed(await Text(viewer, "/Routes?q=foundation+degree+in+early")).ShouldBe(byReference);
        Listed(await Text(viewer, "/Routes?q=grow+your+own")).ShouldBe(["Social work assistant → Social worker"]);
        Listed(await Text(viewer, "/Routes?q=100%25")).ShouldBeEmpty("a % typed is a character, not a wildcard");
    }

    [Fact]
    public async Task Filters_narrow_the_list_and_stay_in_its_links()
    {
        using var viewer = await site.ClientAsync("viewer");
        var horizontal = Listed(await Text(viewer, "/Routes?direction=horizontal"));
        horizontal.ShouldContain("Nursery nurse → Social worker");
        horizontal.ShouldNotContain("Nursery assistant → Nursery nurse");
        Listed(await Text(viewer, "/Routes?direction=vertical")).ShouldContain("Nursery assistant → Nursery nurse");

        var apel = Listed(await Text(viewer, "/Routes?mechanism=apel"));
        apel.ShouldContain("Nursery nurse → Social worker");
        apel.ShouldContain("Childminder → Nursery nurse");
        apel.ShouldNotContain("Youth worker → Social worker");

        var fromQualifications = Listed(await Text(viewer, "/Routes?from=qualification"));
        fromQualifications.ShouldNotBeEmpty();
        fromQualifications.ShouldAllBe(r => Regex.IsMatch(r, "^[A-Z0-9-]+ "));
        var roleToQualification = await Text(viewer, "/Routes?from=role&to=qualification&mechanism=apel");
        Listed(roleToQualification).ShouldBeEmpty("no route by APEL leads from a role to a qualification");
        roleToQualification.ShouldContain("No progression routes found");
        var toQualification = Listed(await Text(viewer, "/Routes?to=qualification&from=qualification"));
        toQualification.ShouldBe(fromQualifications, "every sample route from a qualification leads to one");

        var socialWorker = await RoleId("Social worker");
        var atRole = await Text(viewer, $"/Routes?role={socialWorker}");
        Listed(atRole).ShouldContain("Nursery nurse → Social worker");
        Listed(atRole).ShouldContain("Social worker → Senior social worker");
        Listed(atRole).ShouldNotContain("Nurse → Health visitor");
        atRole.ShouldContain($"<option value=\"{socialWorker}\" selected=\"selected\">Social worker</option>");

        // A qualification in any spelling, wherever it sits in the route.
        var viaDegree = Listed(await Text(viewer, "/Routes?qualification=ba-sw"));
        viaDegree.ShouldContain("Nursery nurse → Social worker");
        viaDegree.ShouldContain("Youth worker → Social worker");
        viaDegree.ShouldContain("Social work assistant → Social worker");
        viaDegree.ShouldNotContain("Social worker → Senior social worker");
        Listed(await Text(viewer, "/Routes?qualification=FD-EY")).Count.ShouldBe(3, "one route to it and two from it");

        var combined = await Text(viewer, "/Routes?mechanism=employment-based&direction=vertical&qualification=BA-SW");
        Listed(combined).ShouldBe(["Social work assistant → Social worker"]);
        // Sorting links carry the filters, so a bookmark or a return trip keeps the view.
        combined.ShouldContain("mechanism=employment-based");
        combined.ShouldContain("qualification=BA-SW");
        combined.ShouldContain("Clear filters");
    }

    [Fact]
    public async Task The_list_sorts_by_each_column_either_way_and_pages_fifty_at_a_time()
    {
        using var viewer = await site.ClientAsync("viewer");
        // Vertical routes from roles: fewer than a page, so one direction is the other reversed.
        var ascending = await Text(viewer, "/Routes?sort=to&dir=asc&from=role&direction=vertical");
        ascending.ShouldContain("aria-sort=\"ascending\"><a class=\"govuk-link\" href=\"/Routes?dir=desc&direction=vertical&from=role&sort=to\">To</a>");
        var tos = Listed(ascending).Select(r => r.Split(" → ")[1]).ToList();
        tos.ShouldBe(tos.Order(StringComparer.OrdinalIgnoreCase).ToList());
        Listed(await Text(viewer, "/Routes?sort=to&dir=desc&from=role&direction=vertical")).ShouldBe(Enumerable.Reverse(Listed(ascending)).ToList());

        var froms = Listed(await Text(viewer, "/Routes?from=role")).Select(r => r.Split(" → ")[0]).ToList();
        froms.ShouldBe(froms.Order(StringComparer.OrdinalIgnoreCase).ToList(), "the list starts sorted by where routes start");

        var byMechanism = Listed(await Text(viewer, "/Routes?sort=mechanism&q=social+worker"));
        byMechanism.IndexOf("Nursery nurse → Social worker").ShouldBeLessThan(byMechanism.IndexOf("Social worker → Senior social worker"), "apel before direct");
        var byDirection = Listed(await Text(viewer, "/Routes?sort=direction&dir=desc&q=social+worker"));
        byDirection.IndexOf("Social worker → Senior social worker").ShouldBeLessThan(byDirection.IndexOf("Nursery nurse → Social worker"), "vertical before horizontal when descending");
        (await Text(viewer, "/Routes?sort=updated&dir=desc")).ShouldContain("aria-sort=\"descending\"><a class=\"govuk-link\" href=\"/Routes?dir=asc&sort=updated\">Updated</a>");

        await TestPostgres.ExecAsync(site.ConnectionString, """
            insert into progression_route (from_role_id, to_role_id, direction, mechanism, notes)
            select (select id from job_role where title = 'Teacher'), r.id, 'horizontal', 'conversion', 'Paging test route'
            from job_role r where r.title <> 'Teacher' order by r.title limit 60
            """);
        var first = await Text(viewer, "/Routes?q=paging+test+route&sort=to");
        first.ShouldContain("Showing 1 to 50 of 60 routes");
        Listed(first).Count.ShouldBe(50);
        first.ShouldContain("page=2&q=paging%20test%20route&sort=to", customMessage: "the next-page link keeps the search and sort");
        var second = Listed(await Text(viewer, "/Routes?q=paging+test+route&sort=to&page=2"));
        second.Count.ShouldBe(10);
        second.Intersect(Listed(first)).ShouldBeEmpty();
        (await Text(viewer, "/Routes?q=paging+test+route&page=9")).ShouldContain("No progression routes found");
    }

    [Fact]
    public async Task A_bad_filter_value_is_explained_and_ignored_and_an_empty_result_says_so()
    {
        using var viewer = await site.ClientAsync("viewer");
        var response = await viewer.GetAsync("/Routes?direction=diagonal&mechanism=teleport&from=planet&to=moon&role=abc&qualification=NOPE-123&page=-3&sort=password&dir=up");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("Choose vertical or horizontal, not diagonal");
        html.ShouldContain("There is no mechanism called teleport");
        html.ShouldContain("Choose job role or qualification for where routes start, not planet");
        html.ShouldContain("Choose job role or qualification for where routes lead, not moon");
        html.ShouldContain("href=\"#Search_Role\">Select a job role from the list");
        html.ShouldContain("href=\"#Search_Qualification\">There is no qualification with reference NOPE-123");
        html.ShouldContain("value=\"NOPE-123\"", customMessage: "what was typed stays in the box to be corrected");
        Listed(html).Count.ShouldBeGreaterThanOrEqualTo(18, "the bad filters are not applied");
        (await Text(viewer, "/Routes?role=987654")).ShouldContain("Select a job role from the list");

        var none = await Text(viewer, "/Routes?q=zzzz-nothing-like-this");
        none.ShouldContain("No progression routes found");
        none.ShouldContain("clear all filters");
    }

    [Fact]
    public async Task The_details_show_both_ends_the_bridges_in_order_notes_and_open_review_flags()
    {
        var id = await RouteId("Nursery nurse", "Playworker");
        await TestPostgres.ExecAsync(site.ConnectionString,
            $"insert into review_flag (entity_kind, entity_id, reason, detail, raised_by) values ('route', {id}, 'source-disputed', 'take-up figures', 'test')");
        using var viewer = await site.ClientAsync("viewer");
        var html = await Text(viewer, $"/Routes/Details/{id}");
        html.ShouldContain("<h1 class=\"govuk-heading-l\">Nursery nurse to Playworker</h1>");
        html.ShouldContain($"href=\"/Roles/Details/{await RoleId("Nursery nurse")}\">Nursery nurse</a>");
        html.ShouldContain($"href=\"/Roles/Details/{await RoleId("Playworker")}\">Playworker</a>");
        html.ShouldContain("Horizontal (across sectors)");
        html.ShouldContain("Transfer unit: shared or bridging units carry across");
        html.ShouldContain($"href=\"/Qualifications/Details/{await QualificationId("PW-TRANS")}\">PW-TRANS</a> Level 3 Award in Transition to Playwork (from Early Years)");
        html.IndexOf("PWTU1 Understand playwork principles").ShouldBeLessThan(html.IndexOf("PWTU2 Support children's self-directed play"));
        html.ShouldContain("Conversion units from early years to playwork; take-up is poor");
        html.ShouldContain("Needs review: source disputed (take-up figures)");
        (await Text(viewer, "/ReviewQueue?kind=route")).ShouldContain($"href=\"/Routes/Details/{id}\">Nursery nurse to Playworker</a>", customMessage: "the review queue links the flag to the route");
        html.ShouldContain($"href=\"/Routes/History/{id}\"");
        html.ShouldNotContain($"/Routes/Edit/{id}", customMessage: "a viewer is not offered editing");
        html.ShouldNotContain("Delete permanently");

        // Bridging qualifications keep the order a learner takes them in.
        var teacher = await Text(viewer, $"/Routes/Details/{await RouteId("Higher level teaching assistant", "Teacher")}");
        teacher.IndexOf(">GTP</a>").ShouldBeLessThan(teacher.IndexOf(">QTS</a>"));

        // A qualification end links to the qualification.
        var degree = await Text(viewer, $"/Routes/Details/{await RouteId("FD-EY", "EYPS")}");
        degree.ShouldContain($"href=\"/Qualifications/Details/{await QualificationId("EYPS")}\">EYPS Early Years Professional Status</a>");

        using var admin = await site.ClientAsync("admin");
        var forAdmin = await Text(admin, $"/Routes/Details/{id}");
        forAdmin.ShouldContain($"href=\"/Routes/Edit/{id}?returnUrl=");
        forAdmin.ShouldContain($"action=\"/Routes/Review/{id}\"");
        forAdmin.ShouldContain($"href=\"/Routes/Archive/{id}\"");
        forAdmin.ShouldContain($"href=\"/Routes/Delete/{id}\"");
    }

    [Fact]
    public async Task Adding_a_route_resolves_references_in_any_spelling_keeps_the_bridges_in_order_and_records_who_did_it()
    {
        await TestPostgres.ExecAsync(site.ConnectionString,
            "insert into qualification (reference, title, type) values ('603/5829/4', 'Level 4 Certificate in Route Test Practice', 'certificate')");
        using var editor = await site.ClientAsync("editor");
        var response = await SaveAsync(editor, "/Routes/Edit?returnUrl=%2FRoutes%3Fmechanism%3Dtop-up", await NewForm(
            ("Input.FromKind", "role"), ("Input.FromRoleId", "@Nanny"), ("Input.ToKind", "qualification"), ("Input.ToQualification", " 6035829 4 "),
            ("Input.ToRoleId", "@Teacher"), // the field of the kind not chosen is ignored
            ("Input.Direction", "vertical"), ("Input.Mechanism", "top-up"),
            ("Input.ViaQualifications", "eye-l3\r\n\r\n  CYPW-L3 \r\n"), ("Input.ViaModules", "shc31\nPWTU1"),
            ("Input.Notes", "  Evening course while in post  "), ("Input.ReviewIntervalMonths", "24")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/Routes?mechanism=top-up", "back to the list view the editor came from");

        var id = await RouteId("Nanny", "603/5829/4");
        (await Scalar($"select concat_ws('|', from_role_id, from_qualification_id, to_role_id, to_qualification_id, direction, mechanism, notes, review_interval_months) from progression_route where id = {id}"))
            .ShouldBe($"{await RoleId("Nanny")}|{await QualificationId("603/5829/4")}|vertical|top-up|Evening course while in post|24");
        (await Scalar($"select string_agg(q.reference || '@' || v.position, ',' order by v.position) from route_via_qualification v join qualification q on q.id = v.qualification_id where v.route_id = {id}"))
            .ShouldBe("EYE-L3@0,CYPW-L3@1");
        (await Scalar($"select string_agg(m.code::text || '@' || v.position, ',' order by v.position) from route_via_module v join module m on m.id = v.module_id where v.route_id = {id}"))
            .ShouldBe("SHC31@0,PWTU1@1");
        (await Scalar($"select actor from history where table_name = 'progression_route' and row_key = jsonb_build_object('id', {id}::bigint)")).ShouldBe("user:editor@test.local");
        (await Count($"""
            select count(*) from history where actor = 'user:editor@test.local' and operation = 'I'
              and table_name in ('route_via_qualification', 'route_via_module') and row_key @> jsonb_build_object('route_id', {id}::bigint)
            """)).ShouldBe(4);
        Listed(await Text(editor, "/Routes?mechanism=top-up&from=role")).ShouldBe(["Nanny → 603/5829/4 Level 4 Certificate in Route Test Practice"]);

        // "Save and continue editing" comes back to the form with the list still to return to.
        var again = await SaveAsync(editor, $"/Routes/Edit/{id}?returnUrl=%2FRoutes", await CurrentForm(id, ("next", "continue"), ("Input.Notes", "Evening course")));
        again.Headers.Location!.ToString().ShouldBe($"/Routes/Edit/{id}?returnUrl=%2FRoutes");
        var another = await SaveAsync(editor, $"/Routes/Edit/{id}", await CurrentForm(id, ("next", "another")));
        another.Headers.Location!.ToString().ShouldBe("/Routes/Edit");
    }

    [Theory]
    [InlineData("Input.FromKind=", "Input.FromKind", "Select whether the route starts from a job role or a qualification")]
    [InlineData("Input.ToKind=planet", "Input.ToKind", "Select whether the route leads to a job role or a qualification")]
    [InlineData("Input.FromRoleId=", "Input.FromRoleId", "Select the job role the route starts from")]
    [InlineData("Input.FromRoleId=987654", "Input.FromRoleId", "Select a job role from the list")]
    [InlineData("Input.FromKind=qualification", "Input.FromQualification", "Enter the reference of the qualification the route starts from")]
    [InlineData("Input.FromKind=qualification|Input.FromQualification=not a reference!", "Input.FromQualification", "Enter the reference as an Ofqual number")]
    [InlineData("Input.FromKind=qualification|Input.FromQualification=nope-999", "Input.FromQualification", "There is no qualification with reference NOPE-999")]
    [InlineData("Input.ToKind=qualification|Input.ToQualification=NOPE-998", "Input.ToQualification", "There is no qualification with reference NOPE-998")]
    [InlineData("Input.ToRoleId=@Nanny", "Input.ToRoleId", "A route cannot lead to the job role it starts from")]
    [InlineData("Input.FromKind=qualification|Input.FromQualification=fd-ey|Input.ToKind=qualification|Input.ToQualification=FD-EY", "Input.ToQualification",
        "A route cannot lead to the qualification it starts from")]
    [InlineData("Input.Direction=", "Input.Direction", "Select whether the route goes up a ladder (vertical) or across to another sector (horizontal)")]
    [InlineData("Input.Mechanism=teleport", "Input.Mechanism", "Select how the route is made")]
    [InlineData("Input.ViaQualifications=EYE-L3\nNOPE-1\nnope-2", "Input.ViaQualifications", "There are no qualifications with references NOPE-1, NOPE-2")]
    [InlineData("Input.ViaQualifications=QTS\nNOPE-1", "Input.ViaQualifications", "There is no qualification with reference NOPE-1")]
    [InlineData("Input.ViaQualifications=EYE-L3\neye-l3", "Input.ViaQualifications", "EYE-L3 is given twice")]
    [InlineData("Input.ViaQualifications=EYE-L3 and QTS", "Input.ViaQualifications", "\"EYE-L3 and QTS\" is not a qualification reference")]
    [InlineData("Input.ToKind=qualification|Input.ToQualification=QTS|Input.ViaQualifications=qts", "Input.ViaQualifications", "QTS is where the route leads")]
    [InlineData("Input.ViaModules=PWTU1\nNOSUCH1\nNOSUCH2", "Input.ViaModules", "There are no modules with codes NOSUCH1, NOSUCH2")]
    [InlineData("Input.ViaModules=PWTU1\npwtu1", "Input.ViaModules", "pwtu1 is given twice")]
    [InlineData("Input.ReviewIntervalMonths=0", "Input.ReviewIntervalMonths", "The review interval must be a whole number of months from 1 to 120")]
    [InlineData("Input.FromRoleId=@Nursery nurse|Input.ToRoleId=@Social worker|Input.Mechanism=apel", "Input.Mechanism",
        "There is already a route from Nursery nurse to Social worker with the mechanism APEL: edit that one, or choose another mechanism")]
    public async Task Each_bad_value_is_shown_beside_its_field_and_nothing_is_saved(string changes, string field, string message)
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select (select count(*) from progression_route) + (select count(*) from route_via_qualification) + (select count(*) from route_via_module)");
        var form = await NewForm(changes.Split('|').Select(c => (c[..c.IndexOf('=')], c[(c.IndexOf('=') + 1)..])).ToArray());
        var response = await SaveAsync(editor, "/Routes/Edit", form);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(response);
        html.ShouldContain("There is a problem");
        var id = field.Replace('.', '_');
        html.ShouldContain($"href=\"#{id}\">{message}");
        html.ShouldContain($"<p id=\"{id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {message}");
        (await Count("select (select count(*) from progression_route) + (select count(*) from route_via_qualification) + (select count(*) from route_via_module)"))
            .ShouldBe(before);
    }

    [Fact]
    public async Task Editing_a_route_into_a_copy_of_another_is_refused_and_names_it()
    {
        var id = await NewRoute("Youth worker", "Senior social worker", "fast-track");
        using var editor = await site.ClientAsync("editor");
        var response = await SaveAsync(editor, $"/Routes/Edit/{id}", await CurrentForm(id, ("Input.ToRoleId", (await RoleId("Social worker")).ToString())));
        (await Text(response)).ShouldContain("There is already a route from Youth worker to Social worker with the mechanism Fast track");
        (await Count($"select to_role_id from progression_route where id = {id}")).ShouldBe(await RoleId("Senior social worker"));

        // Saving a route unchanged is not a clash with itself.
        (await SaveAsync(editor, $"/Routes/Edit/{id}", await CurrentForm(id))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_constraint_the_database_enforces_after_the_page_checked_becomes_a_field_error_not_a_500()
    {
        // As if another editor saved the same route between this page's check and its insert.
        await TestPostgres.ExecAsync(site.ConnectionString, """
            create function test_race_route() returns trigger language plpgsql as $$
            begin
              if new.notes = 'Racing route' then
                insert into progression_route (from_role_id, to_role_id, direction, mechanism, notes)
                values (new.from_role_id, new.to_role_id, new.direction, new.mechanism, 'Raced ahead');
              end if;
              return new;
            end $$;
            create trigger test_race_route before insert on progression_route for each row execute function test_race_route();
            """);
        try
        {
            using var editor = await site.ClientAsync("editor");
            var response = await SaveAsync(editor, "/Routes/Edit", await NewForm(("Input.Notes", "Racing route"), ("Input.ViaModules", "PWTU1")));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await Text(response);
            html.ShouldContain("href=\"#Input_Mechanism\">A route with the same start, end and mechanism was added a moment ago");
            (await Count("select count(*) from progression_route where notes in ('Racing route', 'Raced ahead')")).ShouldBe(0);
        }
        finally
        {
            await TestPostgres.ExecAsync(site.ConnectionString, "drop trigger test_race_route on progression_route; drop function test_race_route();");
        }
    }

    [Fact]
    public async Task Two_editors_saving_the_same_route_never_overwrite_each_other()
    {
        var id = await NewRoute("Nanny", "Nursery nurse", "transfer-unit", notes: "Concurrency test");
        var path = $"/Routes/Edit/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);
        var transactionsBefore = await HistoryTransactions(id);

        // Alice only adds a bridging module: that alone must still move the route's version on.
        (await alice.PostRawAsync(path, WithPageState(alicePage, await CurrentForm(id, ("Input.ViaModules", "PWTU1")))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var bobForm = await CurrentForm(id, ("Input.ViaModules", ""), ("Input.Notes", "Bob's notes"));
        var conflict = await bob.PostRawAsync(path, WithPageState(bobPage, bobForm));

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await Text(conflict);
        html.ShouldContain("Someone else changed this route while you were editing it");
        html.ShouldContain("via module added");
        html.ShouldContain("PWTU1 Understand playwork principles and the play process");
        html.ShouldContain("user:editor@test.local at");
        html.ShouldContain("Bob's notes", customMessage: "Bob's own change is still in the form");
        (await Scalar($"select notes from progression_route where id = {id}")).ShouldBe("Concurrency test");
        (await Count($"select count(*) from route_via_module where route_id = {id}")).ShouldBe(1);
        (await HistoryTransactions(id)).ShouldBe(transactionsBefore + 1, "one save recorded, not two");

        // Having read Alice's change, Bob saves again from the conflict page: now his values win, knowingly.
        var again = await bob.PostRawAsync(path, WithPageState(await conflict.Content.ReadAsStringAsync(), bobForm));
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select notes from progression_route where id = {id}")).ShouldBe("Bob's notes");
        (await Count($"select count(*) from route_via_module where route_id = {id}")).ShouldBe(0);
    }

    [Fact]
    public async Task The_history_shows_field_and_bridge_changes_by_name_with_who_made_them()
    {
        var id = await NewRoute("Learning mentor", "Teaching assistant", "direct", notes: "History test");
        using var editor = await site.ClientAsync("editor");
        (await SaveAsync(editor, $"/Routes/Edit/{id}", await CurrentForm(id, ("Input.ViaQualifications", "STL-L3\nHLTA"), ("Input.ViaModules", "SHC31"))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // Reordered, one bridge dropped, another end.
        (await SaveAsync(editor, $"/Routes/Edit/{id}", await CurrentForm(id,
                ("Input.ViaQualifications", "HLTA\nSTL-L3"), ("Input.ViaModules", ""), ("Input.ToRoleId", (await RoleId("Higher level teaching assistant")).ToString()),
                ("Input.Direction", "vertical"))))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Scalar($"select string_agg(q.reference, ',' order by v.position) from route_via_qualification v join qualification q on q.id = v.qualification_id where v.route_id = {id}"))
            .ShouldBe("HLTA,STL-L3");

        var history = await Text(editor, $"/Routes/History/{id}");
        history.ShouldContain("<h1 class=\"govuk-heading-l\">Learning mentor to Higher level teaching assistant</h1>");
        history.ShouldContain("Changed by user:editor@test.local");
        history.ShouldContain(">to role id<");
        history.ShouldContain(">Teaching assistant<", customMessage: "the old end is named, not numbered");
        history.ShouldContain(">Higher level teaching assistant<");
        history.ShouldContain(">direction<");
        history.ShouldContain("Added route via qualification by user:editor@test.local");
        history.ShouldContain("Changed route via qualification by user:editor@test.local");
        history.ShouldContain("Removed route via module by user:editor@test.local");
        history.ShouldContain(">HLTA Higher Level Teaching Assistant status<");
        history.ShouldContain(">SHC31 Promote communication");
    }

    [Fact]
    public async Task Archiving_hides_a_route_from_the_list_and_restoring_brings_it_back()
    {
        var id = await NewRoute("Midwife", "Health visitor", "conversion", notes: "Archive test route");
        using var editor = await site.ClientAsync("editor");
        var confirm = await Text(editor, $"/Routes/Archive/{id}");
        confirm.ShouldContain("Archive the route from Midwife to Health visitor?");
        var archived = await editor.PostFormAsync($"/Routes/Archive/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Routes/Archive/{id}"), "Version"))]);
        archived.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        archived.Headers.Location!.ToString().ShouldBe($"/Routes/Details/{id}");
        Listed(await Text(editor, "/Routes?q=archive+test+route")).ShouldBeEmpty();
        Listed(await Text(editor, "/Routes?q=archive+test+route&show=archived")).ShouldBe(["Midwife → Health visitor"]);
        (await Text(editor, $"/Routes/Details/{id}")).ShouldContain("Archived on");

        // A confirmation from a page someone else has since changed is refused.
        var stale = Hidden(await editor.GetStringAsync($"/Routes/Restore/{id}"), "Version");
        await TestPostgres.ExecAsync(site.ConnectionString, $"update progression_route set notes = 'Archive test route, changed' where id = {id}");
        (await Text(await editor.PostFormAsync($"/Routes/Restore/{id}", [new("Version", stale)]))).ShouldContain("Someone else changed this record");
        (await editor.PostFormAsync($"/Routes/Restore/{id}", [new("Version", Hidden(await editor.GetStringAsync($"/Routes/Restore/{id}"), "Version"))]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Listed(await Text(editor, "/Routes?q=archive+test+route")).ShouldBe(["Midwife → Health visitor"]);
        (await Count($"select count(*) from history where table_name = 'progression_route' and row_key = jsonb_build_object('id', {id}::bigint) and 'archived_at' = any (changed_fields) and actor = 'user:editor@test.local'"))
            .ShouldBe(2);
    }

    [Fact]
    public async Task Bulk_actions_archive_restore_and_mark_reviewed_the_selection()
    {
        var ids = new[] { await NewRoute("School nurse", "Health visitor", notes: "Bulk test"), await NewRoute("Children's nurse", "Health visitor", notes: "Bulk test") };
        var selection = ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())).ToList();
        using var editor = await site.ClientAsync("editor");
        (await Text(editor, "/Routes?q=bulk+test")).ShouldContain("formaction=\"/Routes/Bulk?handler=Archive\"");

        var archived = await editor.PostFormAsync("/Routes/Bulk?handler=Archive", [.. selection, new("ReturnUrl", "/Routes?q=bulk+test")], formPage: "/Routes");
        archived.Headers.Location!.ToString().ShouldBe("/Routes?q=bulk+test", "back to the list view the user came from");
        (await Count($"select count(*) from progression_route where id in ({ids[0]}, {ids[1]}) and archived_at is not null")).ShouldBe(2);
        Listed(await Text(editor, "/Routes?q=bulk+test")).ShouldBeEmpty();

        await editor.PostFormAsync("/Routes/Bulk?handler=Restore", selection, formPage: "/Routes");
        await editor.PostFormAsync("/Routes/Bulk?handler=Reviewed", [.. selection, new("ReturnUrl", "//evil.example/")], formPage: "/Routes");
        (await Count($"select count(*) from progression_route where id in ({ids[0]}, {ids[1]}) and archived_at is null and last_reviewed_by = 'editor@test.local'"))
            .ShouldBe(2);
        (await Count($"select count(*) from history where table_name = 'progression_route' and actor = 'user:editor@test.local' and row_key in (jsonb_build_object('id', {ids[0]}::bigint), jsonb_build_object('id', {ids[1]}::bigint))"))
            .ShouldBe(6);

        // One route from its own page.
        var single = await editor.PostFormAsync($"/Routes/Review/{ids[0]}", [new("returnUrl", $"/Routes/Details/{ids[0]}")], formPage: $"/Routes/Details/{ids[0]}");
        single.Headers.Location!.ToString().ShouldBe($"/Routes/Details/{ids[0]}");
        (await Text(editor, $"/Routes/Details/{ids[0]}")).ShouldContain("by editor@test.local");
    }

    [Fact]
    public async Task Selected_routes_export_in_the_interchange_columns()
    {
        using var planner = await site.ClientAsync("planner");
        (await Text(planner, "/Routes")).ShouldContain("formaction=\"/Routes/Export\"");
        (await Text(planner, "/Routes")).ShouldNotContain("/Routes/Bulk", customMessage: "a planner exports but does not change");
        var ids = new[] { await RouteId("NVQ3-CCLD", "PW-NVQ3"), await RouteId("Higher level teaching assistant", "Teacher"), await RouteId("Nursery nurse", "Playworker") };
        var response = await planner.PostFormAsync("/Routes/Export", ids.Select(i => new KeyValuePair<string, string>("Ids", i.ToString())), formPage: "/Routes");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileName!.ShouldStartWith("routes-");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldBe(
        [
            "from_role,from_qualification,to_role,to_qualification,direction,mechanism,via_qualifications,via_modules,notes",
            "Higher level teaching assistant,,Teacher,,vertical,employment-based,GTP;QTS,,Graduate HLTA accepted on the Graduate Teacher Programme (004 L394).",
            "Nursery nurse,,Playworker,,horizontal,transfer-unit,PW-TRANS,PWTU1;PWTU2,\"Conversion units from early years to playwork; take-up is poor (000 L402, L870).\"",
            ",NVQ3-CCLD,,PW-NVQ3,horizontal,transfer-unit,,CCLD301,Common mandatory unit shared by the CCLD and playwork standards (003 L143-145).",
        ]);
    }

    [Fact]
    public async Task The_exporter_writes_the_sample_routes_back_as_the_sample_file_has_them_in_its_documented_order()
    {
        // A database of its own, seeded with the sample set and nothing else.
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        await new Iqf.Data.Seeding.Seeder(cs, "route-export-test").RunAsync(sample: true);
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        var written = new StringWriter();
        await RouteExport.WriteAsync(conn, null, written);

        var exported = ReadCsv(written.ToString());
        var sample = ReadCsv(await File.ReadAllTextAsync(Path.Combine(Iqf.Tests.Browser.BrowserFixture.RepositoryRoot(), "seed", "sample", "routes.csv")));
        exported[0].ShouldBe(sample[0], "the same columns in the same order");
        exported[0].ShouldBe(RouteExport.Columns);
        exported.Skip(1).Select(r => string.Join("|", r)).Order(StringComparer.Ordinal)
            .ShouldBe(sample.Skip(1).Select(r => string.Join("|", r)).Order(StringComparer.Ordinal), "the same rows");
        exported.Count.ShouldBe(19);

        // The order is fixed: by the start (role title or reference), then the end, then mechanism, case-insensitively.
        static string Key(string[] r) => $"{(r[0] + r[1]).ToLowerInvariant()}\u0001{(r[2] + r[3]).ToLowerInvariant()}\u0001{r[5]}";
        var keys = exported.Skip(1).Select(Key).ToList();
        keys.ShouldBe(keys.Order(StringComparer.Ordinal).ToList());
        exported[1][0].ShouldBe("Childminder");
    }

    private static List<string[]> ReadCsv(string text)
    {
        using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(Enumerable.Range(0, csv.Parser.Count).Select(i => csv.GetField(i) ?? "").ToArray());
        return rows;
    }

    [Fact]
    public async Task Delete_removes_a_route_and_its_bridges_and_keeps_the_history()
    {
        var id = await NewRoute("Foster carer", "Residential child care worker", notes: "Entered by mistake");
        await TestPostgres.ExecAsync(site.ConnectionString, $"""
            insert into route_via_qualification (route_id, qualification_id, position) select {id}, id, 0 from qualification where reference = 'RCC-L3';
            insert into route_via_module (route_id, module_id, position) select {id}, id, 0 from module where code = 'SHC31';
            """);
        using var admin = await site.ClientAsync("admin");
        var page = await Text(admin, $"/Routes/Delete/{id}");
        page.ShouldContain("Delete the route from Foster carer to Residential child care worker permanently?");
        page.ShouldNotContain("cannot be deleted", customMessage: "nothing refers to a route");

        var deleted = await admin.PostFormAsync($"/Routes/Delete/{id}", [], formPage: $"/Routes/Delete/{id}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        deleted.Headers.Location!.ToString().ShouldBe("/Routes");
        (await Count($"select count(*) from progression_route where id = {id}")).ShouldBe(0);
        (await Count($"select count(*) from route_via_qualification where route_id = {id}")).ShouldBe(0);
        (await Count($"""
            select count(*) from history where operation = 'D' and actor = 'user:admin@test.local'
              and ((table_name = 'progression_route' and row_key = jsonb_build_object('id', {id}::bigint))
                or (table_name in ('route_via_qualification', 'route_via_module') and row_key @> jsonb_build_object('route_id', {id}::bigint)))
            """)).ShouldBe(3);
        var history = await Text(admin, $"/Routes/History/{id}");
        history.ShouldContain("<h1 class=\"govuk-heading-l\">Foster carer to Residential child care worker</h1>");
        history.ShouldContain("Deleted by user:admin@test.local");
        (await admin.GetAsync($"/Routes/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Only an administrator may delete.
        using var editor = await site.ClientAsync("editor");
        var other = await RouteId("Nurse", "Health visitor");
        var refused = await editor.GetAsync($"/Routes/Delete/{other}");
        refused.Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
    }

    [Theory]
    [InlineData("/Routes/Details/987654")]
    [InlineData("/Routes/Edit/987654")]
    [InlineData("/Routes/History/987654")]
    [InlineData("/Routes/Archive/987654")]
    [InlineData("/Routes/Restore/987654")]
    [InlineData("/Routes/Delete/987654")]
    [InlineData("/Routes/Details/not-a-number")]
    public async Task An_unknown_route_is_a_404_page(string path)
    {
        using var admin = await site.ClientAsync("admin");
        var response = await admin.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Page not found");
    }

    [Fact]
    public async Task Saving_an_unknown_route_is_a_404_not_a_new_record()
    {
        using var editor = await site.ClientAsync("editor");
        var before = await Count("select count(*) from progression_route");
        var response = await editor.PostFormAsync("/Routes/Edit/987654", await NewForm(("Input.Mechanism", "conversion")), formPage: "/Routes/Edit");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Count("select count(*) from progression_route")).ShouldBe(before);
    }

    [Fact]
    public async Task Role_and_qualification_pages_list_their_routes_and_offer_to_add_one()
    {
        var nurseryNurse = await RoleId("Nursery nurse");
        using var viewer = await site.ClientAsync("viewer");
        var role = await Text(viewer, $"/Roles/Details/{nurseryNurse}");
        role.ShouldContain("<h2 class=\"govuk-heading-m\" id=\"progression-routes\">Progression routes</h2>");
        role.ShouldContain($"href=\"/Routes/Details/{await RouteId("Nursery nurse", "Social worker")}\">View<span class=\"govuk-visually-hidden\"> the route from Nursery nurse to Social worker</span>");
        role.ShouldContain($"href=\"/Routes/Details/{await RouteId("Childminder", "Nursery nurse")}\">View");
        role.ShouldContain($"href=\"/Roles/Details/{await RoleId("Social worker")}\">Social worker</a>");
        role.ShouldContain("This role");
        role.ShouldNotContain("Add a route from this role", customMessage: "a viewer is not offered adding");

        using var editor = await site.ClientAsync("editor");
        var forEditor = await Text(editor, $"/Roles/Details/{nurseryNurse}");
        forEditor.ShouldContain($"href=\"/Routes/Edit?fromRole={nurseryNurse}&returnUrl=%2FRoles%2FDetails%2F{nurseryNurse}\">Add a route from this role</a>");
        var form = await Text(editor, $"/Routes/Edit?fromRole={nurseryNurse}");
        Regex.IsMatch(form, "id=\"Input_FromKind\" name=\"Input.FromKind\" type=\"radio\" value=\"role\" checked=\"checked\"").ShouldBeTrue();
        form.ShouldContain($"<option value=\"{nurseryNurse}\" selected>Nursery nurse</option>");
        (await Text(editor, "/Routes/Edit?fromRole=abc")).ShouldNotContain("There is a problem", customMessage: "a mangled link opens a blank form");

        // A qualification's page lists routes from, to and through it.
        var degree = await Text(viewer, $"/Qualifications/Details/{await QualificationId("BA-SW")}");
        degree.ShouldContain("Progression routes");
        degree.ShouldContain("the route from Youth worker to Social worker");
        degree.ShouldContain("Passes through this qualification");
        var foundation = await Text(viewer, $"/Qualifications/Details/{await QualificationId("FD-EY")}");
        foundation.ShouldContain($"href=\"/Qualifications/Details/{await QualificationId("EYPS")}\">EYPS Early Years Professional Status</a>");
        foundation.ShouldContain("This qualification");
        (await Text(editor, $"/Qualifications/Details/{await QualificationId("FD-EY")}")).ShouldContain("href=\"/Routes/Edit?fromQualification=FD-EY&returnUrl=");
        (await Text(editor, "/Routes/Edit?fromQualification=fd-ey")).ShouldContain("name=\"Input.FromQualification\" type=\"text\" value=\"FD-EY\"");
        (await Text(viewer, $"/Qualifications/Details/{await QualificationId("NPQH")}")).ShouldContain("No progression routes start from, lead to or pass through this qualification.");
    }
}
