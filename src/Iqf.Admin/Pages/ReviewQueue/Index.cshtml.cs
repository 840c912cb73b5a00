using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Npgsql;

namespace Iqf.Admin.Pages.ReviewQueue;

/// <summary>Open review flags across all records: filter by kind, reason and assignee; assign and resolve.</summary>
public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Flag(long Id, string EntityKind, long EntityId, string? Name, string Reason, string? Detail, DateTime RaisedAt,
        string RaisedBy, string? AssignedTo, int Total);

    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Reason { get; set; }
    /// <summary>"me", "nobody" or empty for anyone.</summary>
    [BindProperty(SupportsGet = true)] public string? Assigned { get; set; }
    // "page" is also Razor Pages' own route value (the page path), so the number must come from the query string.
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public List<Flag> Flags { get; private set; } = [];
    public Pagination Pagination { get; private set; } = new(1, 0);
    public List<string> Kinds { get; private set; } = [];
    public List<string> Reasons { get; private set; } = [];
    public List<SelectListItem> Users { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);

    public static string? RecordPath(string kind, long id) => kind switch
    {
        "qualification" => $"/Qualifications/Details/{id}",
        "role" => $"/Roles/Details/{id}",
        "organisation" => $"/Organisations/Details/{id}",
        "standard" => $"/Standards/Details/{id}",
        "offering" => $"/Offerings/Details/{id}",
        "route" => $"/Routes/Details/{id}",
        "module" => $"/Modules/Details/{id}",
        _ => null,
    };

    public async Task OnGetAsync()
    {
        if (PageNumber < 1) PageNumber = 1;
        if (Assigned is not (null or "me" or "nobody")) Assigned = null;
        await using var conn = await db.OpenConnectionAsync();
        Kinds = (await conn.QueryAsync<string>("select distinct entity_kind from review_flag where resolved_at is null order by 1")).ToList();
        Reasons = (await conn.QueryAsync<string>("select distinct reason from review_flag where resolved_at is null order by 1")).ToList();
        Users = (await conn.QueryAsync<(string Id, string Email)>("select id, email::text from users order by email"))
            .Select(u => new SelectListItem(u.Email, u.Id)).ToList();
        var me = await conn.ExecuteScalarAsync<string?>("select id from users where normalized_user_name = upper(@name)", new { name = User.Identity!.Name });
        Flags = (await conn.QueryAsync<Flag>("""
            select f.id as "Id", f.entity_kind as "EntityKind", f.entity_id as "EntityId",
                   case f.entity_kind
                     when 'qualification' then (select reference || ' ' || title from qualification where id = f.entity_id)
                     when 'role' then (select title::text from job_role where id = f.entity_id)
                     when 'organisation' then (select name::text from organisation where id = f.entity_id)
                     when 'module' then (select code || ' ' || title from module where id = f.entity_id)
                     when 'link' then (select url from external_link where id = f.entity_id)
                     when 'standard' then (select code::text || ' ' || title from occupational_standard where id = f.entity_id)
                     when 'offering' then (select q.reference || ' at ' || o.name::text from provider_offering po
                                           join qualification q on q.id = po.qualification_id join organisation o on o.id = po.provider_id
                                           where po.id = f.entity_id)
                     when 'route' then (select coalesce(fr.title::text, fq.reference) || ' to ' || coalesce(tr.title::text, tq.reference) from progression_route p
                                        left join job_role fr on fr.id = p.from_role_id left join qualification fq on fq.id = p.from_qualification_id
                                        left join job_role tr on tr.id = p.to_role_id left join qualification tq on tq.id = p.to_qualification_id where p.id = f.entity_id)
                   end as "Name",
                   f.reason as "Reason", f.detail as "Detail", f.raised_at as "RaisedAt", f.raised_by as "RaisedBy",
                   u.email::text as "AssignedTo", count(*) over ()::int as "Total"
            from review_flag f left join users u on u.id = f.assigned_to_user_id
            where f.resolved_at is null
              and (@kind::text is null or f.entity_kind = @kind)
              and (@reason::text is null or f.reason = @reason)
              and (@assigned::text is null or (@assigned = 'me' and f.assigned_to_user_id = @me) or (@assigned = 'nobody' and f.assigned_to_user_id is null))
            order by f.raised_at, f.id
            offset @offset limit @limit
            """, new { kind = Kind, reason = Reason, assigned = Assigned, me, offset = (PageNumber - 1) * ListLinks.PageSize, limit = ListLinks.PageSize })).ToList();
        Pagination = new Pagination(PageNumber, Flags.FirstOrDefault()?.Total ?? 0);
    }
}
