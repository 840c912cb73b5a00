using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain.Entities;
using Npgsql;

namespace Iqf.Admin.Pages.Clusters;

/// <summary>
/// Archive or restore the selected clusters. The ones the rules hold back (roles placed, current
/// clusters within, an archived parent: see <see cref="ArchiveRules"/>) stay as they are and are
/// named in the message; the rest change together in one UPDATE.
/// </summary>
public class BulkModel(IqfDbContext db, NpgsqlDataSource data) : BulkActionsModel<Cluster, int>(db, "/Clusters", "cluster", "clusters")
{
    protected override async Task<IReadOnlyDictionary<int, string>> RefusedAsync(bool archiving, IReadOnlyCollection<int> ids)
    {
        await using var conn = await data.OpenConnectionAsync();
        return await ArchiveRules.RefusedAsync(conn, archiving, ids);
    }
}
