using Dapper;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Iqf.Admin.Pages.Routes;

/// <summary>
/// The "Progression routes" section of a job role's or a qualification's page: the routes that
/// start or end there (and, for a qualification, pass through it), each linked to its own page,
/// and for editors a link to add a route from the record. A view component, so a host page adds
/// it with one line (<c>&lt;vc:routes-of kind="role" id="@id" /&gt;</c>) and nothing in its model.
/// </summary>
public class RoutesOfViewComponent(NpgsqlDataSource db) : ViewComponent
{
    /// <param name="Part">how the record features in the route: from, to or via</param>
    public sealed record Row(long Id, string Part, long? FromRoleId, long? FromQualificationId, string FromName,
        long? ToRoleId, long? ToQualificationId, string ToName, string Direction, string Mechanism, string? Via, bool Archived);

    /// <param name="Kind">role or qualification</param>
    /// <param name="Reference">the qualification's reference, for the "add a route from it" link</param>
    public sealed record Section(string Kind, long Id, string? Reference, IReadOnlyList<Row> Routes, bool CanEdit)
    {
        public string Noun => Kind == RouteForm.Role ? "role" : "qualification";
        public string AddUrl => Kind == RouteForm.Role ? $"/Routes/Edit?fromRole={Id}" : $"/Routes/Edit?fromQualification={Uri.EscapeDataString(Reference ?? "")}";
        public bool IsThis(long? roleId, long? qualificationId) => Kind == RouteForm.Role ? roleId == Id : qualificationId == Id;
    }

    /// <param name="kind">role or qualification</param>
    public async Task<IViewComponentResult> InvokeAsync(string kind, long id, string? reference = null)
    {
        if (kind is not (RouteForm.Role or RouteForm.Qualification)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "role or qualification");
        var touches = kind == RouteForm.Role
            ? "p.from_role_id = @id or p.to_role_id = @id"
            : "p.from_qualification_id = @id or p.to_qualification_id = @id or exists (select 1 from route_via_qualification v where v.route_id = p.id and v.qualification_id = @id)";
        var (fromColumn, toColumn) = kind == RouteForm.Role ? ("p.from_role_id", "p.to_role_id") : ("p.from_qualification_id", "p.to_qualification_id");
        await using var conn = await db.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<Row>($"""
            select p.id as "Id", case when {fromColumn} = @id then 'from' when {toColumn} = @id then 'to' else 'via' end as "Part",
                   p.from_role_id as "FromRoleId", p.from_qualification_id as "FromQualificationId", {RouteText.FromName} as "FromName",
                   p.to_role_id as "ToRoleId", p.to_qualification_id as "ToQualificationId", {RouteText.ToName} as "ToName",
                   p.direction as "Direction", p.mechanism as "Mechanism", {RouteText.ViaQualificationsSql} as "Via",
                   p.archived_at is not null as "Archived"
            from progression_route p {RouteText.EndJoins}
            where {touches}
            order by array_position(array['from', 'to', 'via'], case when {fromColumn} = @id then 'from' when {toColumn} = @id then 'to' else 'via' end),
                     p.archived_at is not null, search_text({RouteText.ToName}) collate "C", search_text({RouteText.FromName}) collate "C", p.id
            """, new { id })).ToList();
        var canEdit = Roles.AllowedFor(Roles.Policies.Edit).Any(HttpContext.User.IsInRole);
        return View("/Pages/Routes/_RoutesOf.cshtml", new Section(kind, id, reference, rows, canEdit));
    }
}
