using System.Data;
using Dapper;

namespace Iqf.Admin.Pages.Offerings;

/// <summary>
/// An offering's web page lives in two places on purpose. provider_offering.url is the record's
/// own value (what the form shows, what the history and the export carry). The link checker
/// reads external_link through link_owner, which has a provider_offering_id owner column for
/// exactly this; so every save keeps one link_owner row, purpose <see cref="Purpose"/>, pointing
/// at the external_link of the offering's URL, in the same transaction as the offering itself.
/// Links are shared by normalised URL (normalise_url: the same page in other capitals or with a
/// default port is one link, checked once), the way the seeder and the sample loader write them.
/// A link nothing points at any more is left in place: external links may stand on their own
/// (the links file allows an owner-less link), and its check history is worth keeping.
/// </summary>
public static class OfferingLink
{
    public const string Purpose = "course page";

    public static async Task SyncAsync(IDbConnection conn, IDbTransaction tx, long offeringId, string? url)
    {
        // The old page's row goes when the address changed (or was emptied); an unchanged address keeps its row.
        await conn.ExecuteAsync("""
            delete from link_owner lo
            where lo.provider_offering_id = @offeringId and lo.purpose = @purpose
              and lo.link_id is distinct from (select e.id from external_link e where e.normalized_url = normalise_url(@url))
            """, new { offeringId, url, purpose = Purpose }, tx);
        if (url is null) return;
        await conn.ExecuteAsync("""
            insert into external_link (url, normalized_url, host) values (@url, normalise_url(@url), url_host(@url))
            on conflict (normalized_url) do nothing
            """, new { url }, tx);
        // Another save may have added the same link a moment ago (the insert above then did
        // nothing): the link is found by its normalised address either way.
        await conn.ExecuteAsync("""
            insert into link_owner (link_id, provider_offering_id, purpose)
            select e.id, @offeringId, @purpose from external_link e where e.normalized_url = normalise_url(@url)
            on conflict do nothing
            """, new { offeringId, url, purpose = Purpose }, tx);
    }
}
