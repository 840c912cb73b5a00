using Dapper;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages;

/// <summary>The index of the smaller kinds, so the main navigation stays short.</summary>
public class ReferenceModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Kind(string Name, string Href, string Description, long Count);

    public List<Kind> Kinds { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var c = await conn.QuerySingleAsync("""
            select (select count(*) from level_framework where archived_at is null) as frameworks,
                   (select count(*) from common_core_area) as areas,
                   (select count(*) from clustering_scheme where archived_at is null) as schemes,
                   (select count(*) from cluster where archived_at is null) as clusters,
                   (select count(*) from occupational_standard where archived_at is null) as standards,
                   (select count(*) from nos_suite where archived_at is null) as suites,
                   (select count(*) from provider_offering where archived_at is null) as offerings,
                   (select count(*) from take_up) as take_up
            """);
        Kinds =
        [
            new("Level frameworks", "/Frameworks", "Qualification frameworks (RQF, QCF, NQF, FHEQ, career levels…), their level ladders and equivalences", (long)c.frameworks),
            new("Common Core areas", "/CommonCore", "The six areas of expertise, in their 2005 and 2010 wordings", (long)c.areas),
            new("Clusters", "/Clusters", "Groupings of job roles, one tree per clustering scheme", (long)c.clusters),
            new("Clustering schemes", "/Clusters/Schemes", "The ways of grouping the workforce's roles", (long)c.schemes),
            new("Occupational standards", "/Standards", "National occupational standards that modules cover", (long)c.standards),
            new("Standard suites", "/Standards/Suites", "The suites the occupational standards belong to", (long)c.suites),
            new("Provider offerings", "/Offerings", "Where providers offer qualifications, by region and mode", (long)c.offerings),
            new("Take-up", "/TakeUp", "Learner numbers per qualification and year", (long)c.take_up),
        ];
    }
}
