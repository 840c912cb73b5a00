using System.Net;
using System.Text.RegularExpressions;
using Iqf.Tests.Support;

namespace Iqf.Tests.Admin;

/// <summary>
/// The qualification editor's job roles and web links pages (and the sub-navigation tying the
/// editor's pages together), used as an in-putter would, over HTTP against the real site and database.
/// </summary>
public class QualificationLinksAndRolesTests(TestSite site) : IClassFixture<TestSite>
{
    private const string Editor = "user:editor@test.local";

    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);
    private Task<string> Text(string sql) => TestPostgres.ScalarAsync<string>(site.ConnectionString, sql);
    private Task<long> RoleId(string title) => Count($"select id from job_role where title = '{title.Replace("'", "''")}'");
    private Task<string> VersionOf(long id) => Text($"select xmin::text from qualification where id = {id}");

    /// <summary>A qualification of the test's own, so tests do not see each other's links.</summary>
    private async Task<long> NewQualificationAsync(string reference)
    {
        await TestPostgres.ExecAsync(site.ConnectionString, $"insert into qualification (reference, title, type) values ('{reference}', 'Links test {reference}', 'award')");
        return await Count($"select id from qualification where reference = '{reference}'");
    }

    private static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*? value=\"([^\"]*)\"").Groups[1].Value);

    /// <summary>The fields with the version, load time and token the page handed out.</summary>
    private static List<KeyValuePair<string, string>> WithPageState(string page, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var list = fields.ToList();
        list.Add(new("Input.Version", Hidden(page, "Input.Version")));
        list.Add(new("Input.LoadedAt", Hidden(page, "Input.LoadedAt")));
        list.Add(new("__RequestVerificationToken", SiteClient.Token(page)));
        return list;
    }

    private static List<KeyValuePair<string, string>> RoleLink(long? roleId, string relevance = "core", string requirement = "recommended",
        string validFrom = "", string validTo = "", string conditions = "", bool significant = true, bool changing = false, string next = "save")
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.JobRoleId", roleId?.ToString() ?? ""), new("Input.Relevance", relevance), new("Input.Requirement", requirement),
            new("Input.ValidFrom", validFrom), new("Input.ValidTo", validTo), new("Input.Conditions", conditions),
            new("Input.Changing", changing ? "true" : "false"), new("next", next),
        };
        if (significant) fields.Add(new("Input.Significant", "true"));
        return fields;
    }

    private static List<KeyValuePair<string, string>> WebLink(string url, string purpose = "", string next = "save") =>
        [new("Input.Url", url), new("Input.Purpose", purpose), new("next", next)];

    private static async Task<HttpResponseMessage> PostAsync(SiteClient client, string page, string path, string handler, List<KeyValuePair<string, string>> fields) =>
        await client.PostRawAsync($"{path}?handler={handler}", WithPageState(page, fields));

    // ---------------------------------------------------------------- job roles

    [Fact]
    public async Task Job_roles_are_linked_changed_and_removed_from_the_qualification_and_recorded_with_the_actor()
    {
        var id = await NewQualificationAsync("QLR-ROLES");
        var nanny = await RoleId("Nanny");
        var path = $"/Qualifications/EditRoles/{id}";
        using var editor = await site.ClientAsync("editor");
        var page = await editor.GetStringAsync(path);
        page.ShouldContain($"<option value=\"{nanny}\">Nanny</option>");
        page.ShouldContain("This qualification is not linked to any job role yet");
        var versionBefore = await VersionOf(id);

        var added = await PostAsync(editor, page, path, "Save",
            RoleLink(nanny, "general", "accepted", validFrom: "2014-09-01", conditions: "With a paediatric first aid certificate", significant: false, next: "continue"));
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        added.Headers.Location!.ToString().ShouldBe(path, "save and continue editing stays on the page");
        (await Text($"select relevance || ' ' || requirement || ' ' || significant || ' ' || valid_from || ' ' || conditions from role_qualification where qualification_id = {id} and job_role_id = {nanny}"))
            .ShouldBe("general accepted false 2014-09-01 With a paediatric first aid certificate");
        (await VersionOf(id)).ShouldNotBe(versionBefore, "a link change moves the qualification's version");

        page = await editor.GetStringAsync(path);
        page.ShouldContain($"href=\"/Roles/Details/{nanny}\">Nanny</a>");
        page.ShouldNotContain($"<option value=\"{nanny}\">", customMessage: "a linked role is not offered again");
        Regex.Matches(page, "<form method=\"post\"").Count.ShouldBe(Regex.Matches(page, "name=\"__RequestVerificationToken\"").Count, "every form carries its token");
        (await editor.GetStringAsync($"/Roles/EditQualifications/{nanny}")).ShouldContain("QLR-ROLES", customMessage: "the role's side sees the same link");

        var changePage = await editor.GetStringAsync($"{path}?change={nanny}");
        changePage.ShouldContain("Change the link to Nanny");
        var changed = await PostAsync(editor, changePage, path, "Save", RoleLink(nanny, "core", "required", changing: true));
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        changed.Headers.Location!.ToString().ShouldBe($"/Qualifications/Details/{id}", "save goes back to the qualification");
        (await Text($"select relevance || ' ' || requirement || ' ' || significant || ' ' || coalesce(valid_from::text, '-') || ' ' || coalesce(conditions, '-') from role_qualification where qualification_id = {id} and job_role_id = {nanny}"))
            .ShouldBe("core required true - -");

        page = await editor.GetStringAsync(path);
        var removed = await editor.PostRawAsync($"{path}?handler=Remove", WithPageState(page, [new("jobRoleId", nanny.ToString())]));
        removed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from role_qualification where qualification_id = {id}")).ShouldBe(0);

        (await Text($"""
            select string_agg(operation, '' order by id) from history
            where table_name = 'role_qualification' and row_key = jsonb_build_object('job_role_id', {nanny}::bigint, 'qualification_id', {id}::bigint) and actor = '{Editor}'
            """)).ShouldBe("IUD", "added, changed, removed, each by the editor");
        await TestPostgres.ExecAsync(site.ConnectionString, $"""
            insert into module (code, title) values ('QLR-M1', 'History test unit');
            insert into qualification_module (qualification_id, module_id) select {id}, id from module where code = 'QLR-M1';
            insert into qualification_level (qualification_id, level_id, is_primary) select {id}, level_id, true from level_lookup where framework_code = 'RQF' and level_code = '3';
            """);
        var history = await editor.GetStringAsync($"/Qualifications/History/{id}");
        history.ShouldContain("Added role qualification by user:editor@test.local");
        history.ShouldContain("Nanny", customMessage: "the role is named, not numbered");
        history.ShouldContain("QLR-M1 History test unit", customMessage: "so is a module");
        history.ShouldContain("RQF 3", customMessage: "and a level");
    }

    [Fact]
    public async Task A_role_link_that_cannot_be_made_is_refused_beside_its_field_and_writes_nothing()
    {
        var id = await NewQualificationAsync("QLR-REFUSED");
        var nanny = await RoleId("Nanny");
        await TestPostgres.ExecAsync(site.ConnectionString, $"""
            insert into job_role (title, archived_at) values ('Retired test role', now());
            insert into role_qualification (job_role_id, qualification_id) values ({await RoleId("Childminder")}, {id});
            """);
        var retired = await RoleId("Retired test role");
        var childminder = await RoleId("Childminder");
        var path = $"/Qualifications/EditRoles/{id}";
        using var editor = await site.ClientAsync("editor");
        var page = await editor.GetStringAsync(path);
        page.ShouldNotContain($"<option value=\"{retired}\">", customMessage: "archived roles are not offered");
        var versionBefore = await VersionOf(id);
        var linksBefore = await Count("select count(*) from role_qualification");

        var cases = new (List<KeyValuePair<string, string>> Fields, string Field, string Message)[]
        {
            (RoleLink(null), "Input_JobRoleId", "Select the job role"),
            (RoleLink(987654), "Input_JobRoleId", "Select a job role from the list"),
            (RoleLink(retired), "Input_JobRoleId", "Retired test role is archived"),
            (RoleLink(childminder), "Input_JobRoleId", "Childminder is already linked to this qualification"),
            (RoleLink(nanny, relevance: "sometimes"), "Input_Relevance", "Select whether the qualification is core or of general relevance"),
            (RoleLink(nanny, requirement: "optional"), "Input_Requirement", "Select whether the qualification is required, recommended or accepted"),
            (RoleLink(nanny, validFrom: "1 Sept 2014"), "Input_ValidFrom", "Enter the date it is valid from as YYYY-MM-DD"),
            (RoleLink(nanny, validFrom: "2015-01-01", validTo: "2014-01-01"), "Input_ValidTo", "The date it is valid to must be on or after the date it is valid from"),
            (RoleLink(nanny, conditions: new string('x', 2_001)), "Input_Conditions", "Conditions must be 2,000 characters or fewer"),
        };
        foreach (var (fields, field, message) in cases)
        {
            var response = await PostAsync(editor, page, path, "Save", fields);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, message);
            var html = await response.Content.ReadAsStringAsync();
            html.ShouldContain(message);
            html.ShouldContain($"href=\"#{field}\"", customMessage: message);
        }
        (await Count("select count(*) from role_qualification")).ShouldBe(linksBefore);
        (await VersionOf(id)).ShouldBe(versionBefore, "a refused change does not touch the qualification");
    }

    [Fact]
    public async Task A_role_link_added_from_a_page_someone_else_has_since_changed_is_a_conflict()
    {
        var id = await NewQualificationAsync("QLR-RACE");
        var nanny = await RoleId("Nanny");
        var playworker = await RoleId("Playworker");
        var path = $"/Qualifications/EditRoles/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);

        (await PostAsync(alice, alicePage, path, "Save", RoleLink(nanny))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await PostAsync(bob, bobPage, path, "Save", RoleLink(playworker, "general", "accepted"));

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await conflict.Content.ReadAsStringAsync();
        html.ShouldContain("Someone else changed this qualification or its job roles");
        html.ShouldContain("job role added");
        html.ShouldContain(Editor);
        Regex.IsMatch(html, "job role added</td>\\s*<td[^>]*>Nanny</td>").ShouldBeTrue("the conflict names the role Alice linked");
        html.ShouldContain($"<option value=\"{playworker}\" selected>", customMessage: "Bob's choice is still in the form");
        (await Count($"select count(*) from role_qualification where qualification_id = {id}")).ShouldBe(1);
        (await Count($"select count(*) from history where table_name = 'role_qualification' and row_key @> jsonb_build_object('qualification_id', {id}::bigint)"))
            .ShouldBe(1, "one change recorded, not two");

        // Having seen Alice's link, Bob saves again from the conflict page, and his is added too.
        (await PostAsync(bob, html, path, "Save", RoleLink(playworker, "general", "accepted"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from role_qualification where qualification_id = {id}")).ShouldBe(2);
    }

    [Fact]
    public async Task A_link_belongs_to_both_ends_so_a_change_from_either_side_makes_a_stale_page_on_the_other_a_conflict()
    {
        var id = await NewQualificationAsync("QLR-BOTH");
        var other = await NewQualificationAsync("QLR-BOTH-2");
        var nanny = await RoleId("Nanny");
        var playworker = await RoleId("Playworker");
        var qualificationSide = $"/Qualifications/EditRoles/{id}";
        var roleSide = $"/Roles/EditQualifications/{nanny}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");

        // Bob has the role's page open; Alice links the role from the qualification's side.
        var bobRolePage = await bob.GetStringAsync(roleSide);
        (await PostAsync(alice, await alice.GetStringAsync(qualificationSide), qualificationSide, "Save", RoleLink(nanny))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await bob.PostRawAsync($"{roleSide}?handler=Save", WithPageState(bobRolePage,
            [new("Input.Reference", "QLR-BOTH-2"), new("Input.Relevance", "core"), new("Input.Requirement", "recommended"), new("Input.Changing", "false")]));
        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await conflict.Content.ReadAsStringAsync();
        html.ShouldContain("Someone else changed this job role or its qualifications");
        html.ShouldContain("QLR-BOTH Links test QLR-BOTH");
        (await Count($"select count(*) from role_qualification where qualification_id = {other}")).ShouldBe(0);

        // And the other way: Alice has the qualification's page open; Bob links it from a role's page.
        var aliceQualificationPage = await alice.GetStringAsync(qualificationSide);
        var playworkerSide = $"/Roles/EditQualifications/{playworker}";
        (await bob.PostRawAsync($"{playworkerSide}?handler=Save", WithPageState(await bob.GetStringAsync(playworkerSide),
            [new("Input.Reference", "qlr-both"), new("Input.Relevance", "general"), new("Input.Requirement", "accepted"), new("Input.Changing", "false")])))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stale = await PostAsync(alice, aliceQualificationPage, qualificationSide, "Save", RoleLink(await RoleId("Childminder")));
        stale.StatusCode.ShouldBe(HttpStatusCode.OK);
        html = await stale.Content.ReadAsStringAsync();
        html.ShouldContain("Someone else changed this qualification or its job roles");
        Regex.IsMatch(html, "job role added</td>\\s*<td[^>]*>Playworker</td>").ShouldBeTrue("the conflict names the role Bob linked");
        (await Text($"select string_agg(r.title::text, ', ' order by r.title) from role_qualification rq join job_role r on r.id = rq.job_role_id where rq.qualification_id = {id}"))
            .ShouldBe("Nanny, Playworker");
    }

    [Fact]
    public async Task The_qualification_edit_form_lists_role_and_link_changes_made_meanwhile_as_a_conflict()
    {
        var id = await NewQualificationAsync("QLR-EDIT");
        var editPath = $"/Qualifications/Edit/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var bobPage = await bob.GetStringAsync(editPath);

        var rolesPath = $"/Qualifications/EditRoles/{id}";
        (await PostAsync(alice, await alice.GetStringAsync(rolesPath), rolesPath, "Save", RoleLink(await RoleId("Nanny")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var linksPath = $"/Qualifications/EditLinks/{id}";
        (await PostAsync(alice, await alice.GetStringAsync(linksPath), linksPath, "Save", WebLink("https://example.org/qlr-edit"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var response = await bob.PostRawAsync(editPath, WithPageState(bobPage, [
            new("Input.Reference", "QLR-EDIT"), new("Input.Title", "Links test QLR-EDIT"), new("Input.Type", "award"), new("Input.Framework", "RQF"),
            new("Input.Level", ""), new("Input.Status", "available"), new("Input.CommonCoreStatus", "not-started"), new("Input.Notes", "Bob's note"),
        ]));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Someone else changed this qualification");
        html.ShouldContain("job role added");
        html.ShouldContain("web link added");
        html.ShouldContain("https://example.org/qlr-edit");
        (await Text($"select coalesce(notes, '-') from qualification where id = {id}")).ShouldBe("-");
    }

    // ---------------------------------------------------------------- web links

    [Fact]
    public async Task Web_links_are_added_reused_changed_and_removed_and_recorded_with_the_actor()
    {
        var id = await NewQualificationAsync("QLR-LINKS");
        var path = $"/Qualifications/EditLinks/{id}";
        using var editor = await site.ClientAsync("editor");
        var page = await editor.GetStringAsync(path);
        page.ShouldContain("This qualification has no web links yet");
        var addressesBefore = await Count("select count(*) from external_link");
        var versionBefore = await VersionOf(id);

        // A new address: a new external_link row, normalised as the database does it.
        var added = await PostAsync(editor, page, path, "Save", WebLink(" https://Example.ORG:443/qlr/spec#part-2 ", "Specification"));
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        added.Headers.Location!.ToString().ShouldBe($"/Qualifications/Details/{id}");
        (await Text("select url || ' ' || host || ' ' || state from external_link where normalized_url = 'https://example.org/qlr/spec'"))
            .ShouldBe("https://Example.ORG:443/qlr/spec#part-2 example.org unchecked");
        (await Text($"select purpose from link_owner where qualification_id = {id}")).ShouldBe("Specification");
        (await VersionOf(id)).ShouldNotBe(versionBefore, "a link change moves the qualification's version");

        // An address another record already has, written another way: the same row is reused.
        var nya = await Count("select id from external_link where normalized_url = 'https://www.nya.org.uk/'");
        var nyaOwners = await Count($"select count(*) from link_owner where link_id = {nya}");
        nyaOwners.ShouldBeGreaterThan(0, "the sample links the National Youth Agency's site");
        page = await editor.GetStringAsync(path);
        var reused = await PostAsync(editor, page, path, "Save", WebLink("HTTPS://WWW.NYA.ORG.UK", next: "continue"));
        reused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        reused.Headers.Location!.ToString().ShouldBe(path);
        (await Count("select count(*) from external_link")).ShouldBe(addressesBefore + 1, "only the first address was new");
        (await Count($"select count(*) from link_owner where link_id = {nya}")).ShouldBe(nyaOwners + 1);
        page = await editor.GetStringAsync(path);
        page.ShouldContain("already known from other records");
        page.ShouldContain($"Also linked from {nyaOwners} other record");

        // The same address again, in yet another spelling, is refused beside the field.
        var duplicate = await PostAsync(editor, page, path, "Save", WebLink("https://example.org/qlr/spec"));
        duplicate.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await duplicate.Content.ReadAsStringAsync();
        html.ShouldContain("This qualification already has that web address, written as https://Example.ORG:443/qlr/spec");
        html.ShouldContain("href=\"#Input_Url\"");
        (await Count($"select count(*) from link_owner where qualification_id = {id}")).ShouldBe(2);

        // Change the purpose.
        var own = await Count($"select lo.id from link_owner lo join external_link e on e.id = lo.link_id where lo.qualification_id = {id} and e.normalized_url = 'https://example.org/qlr/spec'");
        var changePage = await editor.GetStringAsync($"{path}?change={own}");
        changePage.ShouldContain("Change the purpose of a link");
        changePage.ShouldContain("value=\"Specification\"");
        (await PostAsync(editor, changePage, path, "Save", [new("Input.OwnerId", own.ToString()), new("Input.Purpose", "Qualification criteria"), new("next", "continue")]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Text($"select purpose from link_owner where id = {own}")).ShouldBe("Qualification criteria");

        // Removing the shared address keeps it for its other record; removing the own one deletes it,
        // and resolves what was flagged about it.
        var ownLink = await Count($"select link_id from link_owner where id = {own}");
        await TestPostgres.ExecAsync(site.ConnectionString, $"insert into review_flag (entity_kind, entity_id, reason, raised_by) values ('link', {ownLink}, 'broken-link', 'job:test')");
        var shared = await Count($"select id from link_owner where qualification_id = {id} and link_id = {nya}");
        page = await editor.GetStringAsync(path);
        (await editor.PostRawAsync($"{path}?handler=Remove", WithPageState(page, [new("ownerId", shared.ToString())]))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from external_link where id = {nya}")).ShouldBe(1, "another record still links to it");
        page = await editor.GetStringAsync(path);
        (await editor.PostRawAsync($"{path}?handler=Remove", WithPageState(page, [new("ownerId", own.ToString())]))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from external_link where id = {ownLink}")).ShouldBe(0, "nothing links to it any more");
        (await Count($"select count(*) from link_owner where qualification_id = {id}")).ShouldBe(0);
        (await Text($"select resolution || ' ' || resolved_by from review_flag where entity_kind = 'link' and entity_id = {ownLink}")).ShouldBe($"cause-gone {Editor}");

        (await Text($"""
            select string_agg(operation, '' order by id) from history
            where table_name = 'link_owner' and coalesce(after, before) @> jsonb_build_object('qualification_id', {id}::bigint) and actor = '{Editor}'
            """)).ShouldBe("IIUDD", "two added, one changed, two removed, each by the editor");
        (await Text($"select string_agg(operation, '' order by id) from history where table_name = 'external_link' and row_key = jsonb_build_object('id', {ownLink}::bigint) and actor = '{Editor}'"))
            .ShouldBe("ID");
        var history = await editor.GetStringAsync($"/Qualifications/History/{id}");
        history.ShouldContain("Added web link by user:editor@test.local");
        history.ShouldContain("https://Example.ORG:443/qlr/spec", customMessage: "a deleted address is still named in the history");
    }

    [Fact]
    public async Task A_web_address_that_is_not_one_is_refused_beside_its_field_and_writes_nothing()
    {
        var id = await NewQualificationAsync("QLR-BADURL");
        var path = $"/Qualifications/EditLinks/{id}";
        using var editor = await site.ClientAsync("editor");
        var page = await editor.GetStringAsync(path);
        var addressesBefore = await Count("select count(*) from external_link");
        var versionBefore = await VersionOf(id);

        var cases = new (List<KeyValuePair<string, string>> Fields, string Field, string Message)[]
        {
            (WebLink(""), "Input_Url", "Enter the web address"),
            (WebLink("www.example.org/spec"), "Input_Url", "Enter a full web address starting https:// or http://"),
            (WebLink("ftp://example.org/spec"), "Input_Url", "Enter a full web address starting https:// or http://"),
            (WebLink("https://exa mple.org/"), "Input_Url", "Enter a full web address starting https:// or http://"),
            (WebLink("http:\\\\example.org\\spec"), "Input_Url", "Enter a full web address starting https:// or http://"),
            (WebLink("javascript:alert(1)"), "Input_Url", "Enter a full web address starting https:// or http://"),
            (WebLink("https://example.org/" + new string('a', 2_000)), "Input_Url", "A web address must be 2,000 characters or fewer"),
            (WebLink("https://example.org/ok", new string('p', 1_001)), "Input_Purpose", "The purpose must be 1,000 characters or fewer"),
        };
        foreach (var (fields, field, message) in cases)
        {
            var response = await PostAsync(editor, page, path, "Save", fields);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, message);
            var html = await response.Content.ReadAsStringAsync();
            html.ShouldContain(message);
            html.ShouldContain($"href=\"#{field}\"", customMessage: message);
        }
        (await Count("select count(*) from external_link")).ShouldBe(addressesBefore);
        (await Count($"select count(*) from link_owner where qualification_id = {id}")).ShouldBe(0);
        (await VersionOf(id)).ShouldBe(versionBefore);

        // Changing or removing a link the qualification does not have says so and changes nothing.
        var stranger = await Count("select min(id) from link_owner");
        var removed = await editor.PostRawAsync($"{path}?handler=Remove", WithPageState(page, [new("ownerId", stranger.ToString())]));
        removed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await removed.Content.ReadAsStringAsync()).ShouldContain("That web link is not on this qualification (any more)");
        var changed = await PostAsync(editor, page, path, "Save", [new("Input.OwnerId", stranger.ToString()), new("Input.Purpose", "Hijacked")]);
        (await changed.Content.ReadAsStringAsync()).ShouldContain("That web link is not on this qualification any more");
        (await Count($"select count(*) from link_owner where id = {stranger}")).ShouldBe(1);
        (await Text($"select coalesce(purpose, '-') from link_owner where id = {stranger}")).ShouldNotBe("Hijacked");
    }

    [Fact]
    public async Task A_web_link_added_from_a_page_someone_else_has_since_changed_is_a_conflict()
    {
        var id = await NewQualificationAsync("QLR-LINKRACE");
        var path = $"/Qualifications/EditLinks/{id}";
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var alicePage = await alice.GetStringAsync(path);
        var bobPage = await bob.GetStringAsync(path);

        (await PostAsync(alice, alicePage, path, "Save", WebLink("https://example.org/alice", "Alice's page"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var conflict = await PostAsync(bob, bobPage, path, "Save", WebLink("https://example.org/bob", "Bob's page"));

        conflict.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await conflict.Content.ReadAsStringAsync();
        html.ShouldContain("Someone else changed this qualification or its web links");
        Regex.IsMatch(html, "web link added</td>\\s*<td[^>]*>https://example.org/alice</td>").ShouldBeTrue("the conflict names Alice's address");
        html.ShouldContain(Editor);
        html.ShouldContain("value=\"https://example.org/bob\"", customMessage: "Bob's address is still in the form");
        (await Count($"select count(*) from link_owner where qualification_id = {id}")).ShouldBe(1);
        (await Count("select count(*) from external_link where normalized_url = 'https://example.org/bob'")).ShouldBe(0, "nothing of Bob's was saved");

        (await PostAsync(bob, html, path, "Save", WebLink("https://example.org/bob", "Bob's page"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from link_owner where qualification_id = {id}")).ShouldBe(2);
    }

    // ---------------------------------------------------------------- pages tied together

    [Fact]
    public async Task The_details_page_shows_roles_and_links_with_change_links_for_editors_only()
    {
        var id = await Count("select id from qualification where reference = 'BA-YCW'");
        using var editor = await site.ClientAsync("editor");
        using var viewer = await site.ClientAsync("viewer");
        var list = Uri.EscapeDataString("/Qualifications?type=degree");
        var html = await editor.GetStringAsync($"/Qualifications/Details/{id}?returnUrl={list}");
        html.ShouldContain("<h2 class=\"govuk-heading-m\" id=\"job-roles\">Job roles</h2>");
        html.ShouldContain("<h2 class=\"govuk-heading-m\" id=\"web-links\">Web links</h2>");
        html.ShouldContain("https://www.nya.org.uk");
        html.ShouldContain($"href=\"/Qualifications/EditRoles/{id}?returnUrl={list}\"");
        html.ShouldContain($"href=\"/Qualifications/EditLinks/{id}?returnUrl={list}\"");
        var seen = await viewer.GetStringAsync($"/Qualifications/Details/{id}");
        seen.ShouldContain("Web links");
        seen.ShouldNotContain("/Qualifications/EditRoles/");
        seen.ShouldNotContain("/Qualifications/EditLinks/");
        (await viewer.GetAsync($"/Qualifications/EditLinks/{id}")).StatusCode.ShouldNotBe(HttpStatusCode.OK);

        // Every part of the editor links to every other, marks where you are, and keeps the list's address.
        foreach (var (part, label) in new[] { ("Edit", "Details and levels"), ("EditModules", "Modules"), ("EditMappings", "Common Core mapping"), ("EditRoles", "Job roles"), ("EditLinks", "Web links") })
        {
            var page = await editor.GetStringAsync($"/Qualifications/{part}/{id}?returnUrl={list}");
            page.ShouldContain("class=\"moj-sub-navigation\"", customMessage: part);
            page.ShouldContain($"aria-current=\"page\" href=\"/Qualifications/{part}/{id}?returnUrl={list}\">{label}</a>", customMessage: part);
            foreach (var other in new[] { "Edit", "EditModules", "EditMappings", "EditRoles", "EditLinks" })
                page.ShouldContain($"href=\"/Qualifications/{other}/{id}?returnUrl={list}\"", customMessage: $"{part} links to {other}");
        }
    }

    [Theory]
    [InlineData("/Qualifications/EditRoles/987654")]
    [InlineData("/Qualifications/EditLinks/987654")]
    public async Task An_unknown_qualification_is_not_found(string path)
    {
        using var editor = await site.ClientAsync("editor");
        (await editor.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var token = await editor.TokenAsync("/Qualifications/Edit");
        foreach (var handler in new[] { "Save", "Remove" })
            (await editor.PostRawAsync($"{path}?handler={handler}", [new("Input.Version", "1"), new("__RequestVerificationToken", token)]))
                .StatusCode.ShouldBe(HttpStatusCode.NotFound, handler);
    }
}
