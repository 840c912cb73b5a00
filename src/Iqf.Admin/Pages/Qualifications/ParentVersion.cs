using Dapper;
using Npgsql;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>
/// A qualification's modules and mappings are rows of their own, so changing them does not move
/// the qualification's row version. Pages that edit them claim the qualification first: the
/// claim succeeds only if the version is still the one the editor loaded, and it moves the
/// version on, so two people editing the same module list cannot overwrite each other.
/// </summary>
public static class ParentVersion
{
    /// <summary>True when the claim succeeded (inside <paramref name="tx"/>); false on a conflict.</summary>
    public static async Task<bool> ClaimAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long qualificationId, uint version) =>
        await conn.ExecuteAsync(
            // updated_at alone is not a recorded change, so the claim leaves no history of its own.
            "update qualification set updated_at = now() where id = @id and xmin = @version::text::xid",
            new { id = qualificationId, version = version.ToString() }, tx) == 1;

    public static Task<uint?> CurrentAsync(NpgsqlConnection conn, long qualificationId) =>
        conn.ExecuteScalarAsync<uint?>("select xmin::text::bigint from qualification where id = @id", new { id = qualificationId });
}
