using System.Net;
using Iqf.Tests.Support;

namespace Iqf.Tests.Admin;

public class ReviewQueueTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<long> Count(string sql) => TestPostgres.ScalarAsync<long>(site.ConnectionString, sql);

    private async Task<long> FlagAsync(string reference, string reason) =>
        await TestPostgres.ScalarAsync<long>(site.ConnectionString, $"""
            insert into review_flag (entity_kind, entity_id, reason, raised_by)
            select 'qualification', id, '{reason}', 'job:stale-records' from qualification where reference = '{reference}' returning id
            """);

    [Fact]
    public async Task Open_flags_are_listed_with_their_record_and_can_be_filtered_by_reason()
    {
        await FlagAsync("NVQ2-CCLD", "review-overdue");
        await FlagAsync("NNEB-DNN", "past-operational-end");
        using var viewer = await site.ClientAsync("viewer");
        var all = await viewer.GetStringAsync("/ReviewQueue");
        all.ShouldContain("NVQ2-CCLD");
        all.ShouldContain("NNEB-DNN");
        var filtered = await viewer.GetStringAsync("/ReviewQueue?reason=past-operational-end");
        filtered.ShouldContain("NNEB-DNN");
        filtered.ShouldNotContain("NVQ2-CCLD");
        all.ShouldNotContain("Mark as fixed", customMessage: "viewers read the queue but cannot resolve");
    }

    [Fact]
    public async Task An_editor_assigns_a_flag_to_themselves_and_resolves_it()
    {
        var id = await FlagAsync("STL-L3", "owner-missing");
        using var editor = await site.ClientAsync("editor");
        var me = await TestPostgres.ScalarAsync<string>(site.ConnectionString, "select id from users where email = 'editor@test.local'");
        (await editor.PostFormAsync($"/ReviewQueue/ReviewFlag/{id}?handler=Assign", [new("userId", me), new("returnUrl", "/ReviewQueue?assigned=me")], formPage: "/ReviewQueue"))
            .Headers.Location!.ToString().ShouldBe("/ReviewQueue?assigned=me");
        (await editor.GetStringAsync("/ReviewQueue?assigned=me")).ShouldContain("STL-L3");

        (await editor.PostFormAsync($"/ReviewQueue/ReviewFlag/{id}?handler=Resolve", [new("resolution", "fixed")], formPage: "/ReviewQueue"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count($"select count(*) from review_flag where id = {id} and resolution = 'fixed' and resolved_by = 'user:editor@test.local'")).ShouldBe(1);
        (await editor.GetStringAsync("/ReviewQueue")).ShouldNotContain("STL-L3");
        (await Count($"select count(*) from history where table_name = 'review_flag' and row_key = jsonb_build_object('id', {id}::bigint) and operation = 'U'")).ShouldBe(2);
    }

    [Fact]
    public async Task A_made_up_resolution_or_user_is_refused()
    {
        var id = await FlagAsync("RCC-L5", "review-overdue");
        using var editor = await site.ClientAsync("editor");
        (await editor.PostFormAsync($"/ReviewQueue/ReviewFlag/{id}?handler=Resolve", [new("resolution", "deleted-everything")], formPage: "/ReviewQueue"))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await editor.PostFormAsync($"/ReviewQueue/ReviewFlag/{id}?handler=Assign", [new("userId", "no-such-user")], formPage: "/ReviewQueue"))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await editor.PostFormAsync("/ReviewQueue/ReviewFlag/987654?handler=Resolve", [new("resolution", "fixed")], formPage: "/ReviewQueue"))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Count($"select count(*) from review_flag where id = {id} and resolved_at is null and assigned_to_user_id is null")).ShouldBe(1);
    }

    [Fact]
    public async Task Open_flags_show_on_the_record_itself()
    {
        await FlagAsync("BA-YCW", "no-awarding-body");
        using var viewer = await site.ClientAsync("viewer");
        var id = await TestPostgres.ScalarAsync<long>(site.ConnectionString, "select id from qualification where reference = 'BA-YCW'");
        (await viewer.GetStringAsync($"/Qualifications/Details/{id}")).ShouldContain("Needs review: no awarding body");
    }
}
