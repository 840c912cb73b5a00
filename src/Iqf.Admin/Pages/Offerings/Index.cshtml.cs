using Dapper;
using Iqf.Admin.Security;
using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Npgsql;

namespace Iqf.Admin.Pages.Offerings;

public class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long Id, long QualificationId, string Reference, string Title, long ProviderId, string Provider, string Region, string Mode,
        decimal? Cost, string? Url, string? LinkState, DateTime UpdatedAt, bool Archived, int Total);

    [BindProperty(SupportsGet = true)] public OfferingSearch Search { get; set; } = new();

    public List<Row> Rows { get; private set; } = [];
    public Pagination Pagination { get; private set; } = new(1, 0);
    public List<SelectListItem> Providers { get; private set; } = [];
    public bool CanEdit => Roles.AllowedFor(Roles.Policies.Edit).Any(User.IsInRole);
    public bool CanExport => Roles.AllowedFor(Roles.Policies.Report).Any(User.IsInRole);

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Providers = (await conn.QueryAsync<(long Id, string Name)>(
                "select o.id, o.name::text from organisation o where exists (select 1 from provider_offering po where po.provider_id = o.id) order by o.name"))
            .Select(o => new SelectListItem(o.Name, o.Id.ToString())).ToList();
        await Search.ValidateAsync(Providers.Select(p => long.Parse(p.Value)).ToList(),
            reference => conn.ExecuteScalarAsync<bool>("select exists (select 1 from qualification where reference = @reference)", new { reference }));
        foreach (var (field, message) in Search.Problems) ModelState.AddModelError($"Search.{field}", message);

        var (where, parameters) = Search.Filter();
        parameters.Add("offset", (Search.Page - 1) * ListLinks.PageSize);
        parameters.Add("limit", ListLinks.PageSize);
        var order = Search.Order();
        // The matching rows are found once, counted, and only the page shown is joined to its details.
        Rows = (await conn.QueryAsync<Row>($"""
            with hits as materialized (
              select po.id, {order.Key} as sort_key from {OfferingSearch.From} {where}
            ), page as (
              select id, sort_key from hits order by sort_key {order.Direction} nulls last, id {order.Direction} offset @offset limit @limit
            )
            select po.id as "Id", q.id as "QualificationId", q.reference as "Reference", q.title as "Title", pr.id as "ProviderId", pr.name::text as "Provider",
                   po.region as "Region", po.mode as "Mode", po.cost as "Cost", po.url as "Url",
                   (select e.state from link_owner lo join external_link e on e.id = lo.link_id
                     where lo.provider_offering_id = po.id and e.normalized_url = normalise_url(po.url) limit 1) as "LinkState",
                   po.updated_at as "UpdatedAt", po.archived_at is not null as "Archived", (select count(*) from hits)::int as "Total"
            from page
            join provider_offering po on po.id = page.id
            join qualification q on q.id = po.qualification_id
            join organisation pr on pr.id = po.provider_id
            order by page.sort_key {order.Direction} nulls last, page.id {order.Direction}
            """, parameters)).ToList();
        // Past the last page there are no rows to carry the total, so it is counted on its own.
        var total = Rows.Count > 0 ? Rows[0].Total : await conn.ExecuteScalarAsync<int>($"select count(*)::int from {OfferingSearch.From} {where}", parameters);
        Pagination = new Pagination(Search.Page, total);
    }
}
