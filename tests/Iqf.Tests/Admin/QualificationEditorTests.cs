using System.Net;
using System.Text.RegularExpressions;
using Iqf.Tests.Support;

namespace Iqf.Tests.Admin;

/// <summary>The qualification's module list and Common Core grid, edited as an in-putter would.</summary>
public class QualificationEditorTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);
    private Task<long> Id(string reference) => TestPostgres.ScalarAsync<long>(site.ConnectionString, $"select id from qualification where reference = '{reference}'");
    private static string Hidden(string html, string name) => Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"").Groups[1].Value;

    private async Task<long> NewQualificationAsync(string reference)
    {
        await TestPostgres.ExecAsync(site.ConnectionString, $"insert into qualification (reference, title, type) values ('{reference}', 'Editor test {reference}', 'award')");
        return await Id(reference);
    }

    private static async Task<HttpResponseMessage> AddModuleAsync(SiteClient client, long id, params (string, string)[] fields)
    {
        var page = await client.GetStringAsync($"/Qualifications/EditModules/{id}");
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)).ToList();
        form.Add(new("Version", Hidden(page, "Version")));
        form.Add(new("__RequestVerificationToken", SiteClient.Token(page)));
        return await client.PostRawAsync($"/Qualifications/EditModules/{id}?handler=Add", form);
    }

    [Fact]
    public async Task New_and_existing_modules_are_added_in_order_and_shared_modules_are_reused()
    {
        var id = await NewQualificationAsync("EDITOR-A");
        var sharedModule = await TestPostgres.ScalarAsync<string>(site.ConnectionString, "select code::text from module order by id limit 1");
        var modulesBefore = await Count("select count(*) from module");
        using var editor = await site.ClientAsync("editor");

        (await AddModuleAsync(editor, id, ("Add.Code", "ED-A1"), ("Add.Title", "Communicating with children"), ("Add.Level", "3"), ("Add.Mandatory", "true")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await AddModuleAsync(editor, id, ("Add.Code", sharedModule), ("Add.Mandatory", "false"), ("Add.GroupName", "Option A")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await Count("select count(*) from module")).ShouldBe(modulesBefore + 1, "the existing module was reused, not copied");
        (await TestPostgres.ScalarAsync<string>(site.ConnectionString, $"""
            select string_agg(m.code || ':' || qm.position || ':' || qm.mandatory || ':' || coalesce(qm.group_name, '-'), ' ' order by qm.position)
            from qualification_module qm join module m on m.id = qm.module_id where qm.qualification_id = {id}
            """)).ShouldBe($"ED-A1:0:true:- {sharedModule}:1:false:Option A");
    }

    [Fact]
    public async Task An_unknown_code_without_a_title_asks_for_the_title_and_adds_nothing()
    {
        var id = await NewQualificationAsync("EDITOR-B");
        using var editor = await site.ClientAsync("editor");
        var response = await AddModuleAsync(editor, id, ("Add.Code", "NO-SUCH-UNIT"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("There is no module NO-SUCH-UNIT yet: enter its title to create it");
        (await Count($"select count(*) from qualification_module where qualification_id = {id}")).ShouldBe(0);
    }

    [Fact]
    public async Task Reordering_and_removing_modules_saves_and_is_recorded()
    {
        var id = await NewQualificationAsync("EDITOR-C");
        using var editor = await site.ClientAsync("editor");
        await AddModuleAsync(editor, id, ("Add.Code", "ED-C1"), ("Add.Title", "First unit"));
        await AddModuleAsync(editor, id, ("Add.Code", "ED-C2"), ("Add.Title", "Second unit"));
        var page = await editor.GetStringAsync($"/Qualifications/EditModules/{id}");
        var first = await TestPostgres.ScalarAsync<long>(site.ConnectionString, "select id from module where code = 'ED-C1'");
        var second = await TestPostgres.ScalarAsync<long>(site.ConnectionString, "select id from module where code = 'ED-C2'");

        var response = await editor.PostRawAsync($"/Qualifications/EditModules/{id}?handler=Save",
        [
            new("Lines[0].ModuleId", first.ToString()), new("Lines[0].Position", "0"), new("Lines[0].Mandatory", "false"), new("Lines[0].Remove", "true"),
            new("Lines[1].ModuleId", second.ToString()), new("Lines[1].Position", "5"), new("Lines[1].Mandatory", "false"), new("Lines[1].GroupName", "Group B"),
            new("Version", Hidden(page, "Version")), new("__RequestVerificationToken", SiteClient.Token(page)),
        ]);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await TestPostgres.ScalarAsync<string>(site.ConnectionString, $"""
            select string_agg(m.code || ':' || qm.position || ':' || qm.mandatory || ':' || coalesce(qm.group_name, '-'), ' ')
            from qualification_module qm join module m on m.id = qm.module_id where qm.qualification_id = {id}
            """)).ShouldBe("ED-C2:5:false:Group B");
        (await Count($"select count(*) from history where table_name = 'qualification_module' and operation = 'D' and row_key @> jsonb_build_object('qualification_id', {id}::bigint) and actor = 'user:editor@test.local'"))
            .ShouldBe(1);
        (await editor.GetStringAsync($"/Qualifications/History/{id}")).ShouldContain("Removed module");
    }

    [Fact]
    public async Task A_stale_module_list_is_a_conflict_and_changes_nothing()
    {
        var id = await NewQualificationAsync("EDITOR-D");
        using var alice = await site.ClientAsync("editor");
        using var bob = await site.ClientAsync("admin");
        var bobPage = await bob.GetStringAsync($"/Qualifications/EditModules/{id}");
        (await AddModuleAsync(alice, id, ("Add.Code", "ED-D1"), ("Add.Title", "Alice's unit"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var response = await bob.PostRawAsync($"/Qualifications/EditModules/{id}?handler=Add",
            [new("Add.Code", "ED-D2"), new("Add.Title", "Bob's unit"), new("Version", Hidden(bobPage, "Version")), new("__RequestVerificationToken", SiteClient.Token(bobPage))]);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Someone else changed this qualification after you opened this page, so nothing was saved");
        html.ShouldContain("ED-D1");
        (await Count("select count(*) from module where code = 'ED-D2'")).ShouldBe(0);
    }

    [Fact]
    public async Task The_mapping_grid_saves_module_and_qualification_level_mappings_with_evidence()
    {
        var id = await NewQualificationAsync("EDITOR-E");
        using var editor = await site.ClientAsync("editor");
        await AddModuleAsync(editor, id, ("Add.Code", "ED-E1"), ("Add.Title", "Safeguarding children"));
        var module = await TestPostgres.ScalarAsync<long>(site.ConnectionString, "select id from module where code = 'ED-E1'");
        var page = await editor.GetStringAsync($"/Qualifications/EditMappings/{id}");
        page.ShouldContain("Safeguarding children");

        var response = await editor.PostRawAsync($"/Qualifications/EditMappings/{id}",
        [
            new("Cells[0].ModuleId", module.ToString()), new("Cells[0].Area", "3"), new("Cells[0].Coverage", "full"), new("Cells[0].Evidence", "Unit outcomes 1-4"),
            new("Cells[1].ModuleId", module.ToString()), new("Cells[1].Area", "1"), new("Cells[1].Coverage", "partial"), new("Cells[1].Evidence", ""),
            new("Cells[2].ModuleId", "0"), new("Cells[2].Area", "5"), new("Cells[2].Coverage", "partial"), new("Cells[2].Evidence", "Placement requirement"),
            new("Version", Hidden(page, "Version")), new("__RequestVerificationToken", SiteClient.Token(page)),
        ]);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await TestPostgres.ScalarAsync<string>(site.ConnectionString, $"""
            select string_agg(a.number || ':' || mc.coverage || ':' || coalesce(mc.evidence, '-'), ' ' order by a.number)
            from module_common_core mc join common_core_area a on a.id = mc.area_id where mc.module_id = {module}
            """)).ShouldBe("1:partial:- 3:full:Unit outcomes 1-4");
        (await Count($"select count(*) from qualification_common_core where qualification_id = {id} and coverage = 'partial' and evidence = 'Placement requirement'")).ShouldBe(1);

        // Unmapping an area removes it; evidence on an unmapped area is refused.
        page = await editor.GetStringAsync($"/Qualifications/EditMappings/{id}");
        var refused = await editor.PostRawAsync($"/Qualifications/EditMappings/{id}",
        [
            new("Cells[0].ModuleId", module.ToString()), new("Cells[0].Area", "3"), new("Cells[0].Coverage", ""), new("Cells[0].Evidence", "left behind"),
            new("Version", Hidden(page, "Version")), new("__RequestVerificationToken", SiteClient.Token(page)),
        ]);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Evidence was given for an area marked as not mapped");
        (await Count($"select count(*) from module_common_core where module_id = {module}")).ShouldBe(2);

        page = await editor.GetStringAsync($"/Qualifications/EditMappings/{id}");
        (await editor.PostRawAsync($"/Qualifications/EditMappings/{id}",
        [
            new("Cells[0].ModuleId", module.ToString()), new("Cells[0].Area", "3"), new("Cells[0].Coverage", ""),
            new("Version", Hidden(page, "Version")), new("__RequestVerificationToken", SiteClient.Token(page)),
        ])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from module_common_core where module_id = {module}")).ShouldBe(1);
    }

    [Fact]
    public async Task The_grid_refuses_modules_that_are_not_in_the_qualification()
    {
        var id = await NewQualificationAsync("EDITOR-F");
        var stranger = await TestPostgres.ScalarAsync<long>(site.ConnectionString, "select id from module order by id limit 1");
        using var editor = await site.ClientAsync("editor");
        var page = await editor.GetStringAsync($"/Qualifications/EditMappings/{id}");
        var before = await Count($"select count(*) from module_common_core where module_id = {stranger}");
        var response = await editor.PostRawAsync($"/Qualifications/EditMappings/{id}",
        [
            new("Cells[0].ModuleId", stranger.ToString()), new("Cells[0].Area", "4"), new("Cells[0].Coverage", "full"),
            new("Version", Hidden(page, "Version")), new("__RequestVerificationToken", SiteClient.Token(page)),
        ]);
        (await response.Content.ReadAsStringAsync()).ShouldContain("not part of this qualification");
        (await Count($"select count(*) from module_common_core where module_id = {stranger}")).ShouldBe(before);
    }
}
