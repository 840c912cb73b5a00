using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters;

/// <summary>Archives a cluster, unless roles or current clusters still depend on it (see <see cref="ArchiveRules"/>).</summary>
public class ArchiveModel(IqfDbContext db, NpgsqlDataSource data) : ArchiveToggleModel<Cluster, int>(db, archiving: true)
{
    protected override string DetailsPath => $"/Clusters/Details/{Id}";
    public override string Describe(Cluster c) => c.Name;

    protected override async Task<string?> RefusalAsync(Cluster c)
    {
        await using var conn = await data.OpenConnectionAsync();
        return Sentence(await ArchiveRules.WhyNotArchiveAsync(conn, c.Id));
    }

    internal static string? Sentence(string? reason) => reason is null ? null : char.ToUpperInvariant(reason[0]) + reason[1..] + ".";
}

/// <summary>Restores a cluster, unless the cluster it sits within is still archived.</summary>
public class RestoreModel(IqfDbContext db, NpgsqlDataSource data) : ArchiveToggleModel<Cluster, int>(db, archiving: false)
{
    protected override string DetailsPath => $"/Clusters/Details/{Id}";
    public override string Describe(Cluster c) => c.Name;

    protected override async Task<string?> RefusalAsync(Cluster c)
    {
        await using var conn = await data.OpenConnectionAsync();
        return ArchiveModel.Sentence(await ArchiveRules.WhyNotRestoreAsync(conn, c.Id));
    }
}
