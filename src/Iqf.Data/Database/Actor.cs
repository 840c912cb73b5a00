using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Iqf.Data.Database;

/// <summary>
/// Who is making changes, as the history triggers record it. Every path that writes sets the
/// `iqf.actor` setting on its connection: EF through <see cref="ActorConnectionInterceptor"/>,
/// Dapper and COPY code through <see cref="SetAsync"/>. Without it the history says 'unknown'.
/// </summary>
public static class Actor
{
    public static string Cli() => "cli:" + Environment.UserName;

    /// <summary>Sets the actor for the rest of the transaction (or the session when tx is null).</summary>
    public static async Task SetAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string actor, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand("select set_config('iqf.actor', @a, @local)", conn, tx);
        cmd.Parameters.AddWithValue("a", actor);
        cmd.Parameters.AddWithValue("local", tx is not null);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Sets the current actor on every connection EF opens, so SaveChanges is attributed.</summary>
public sealed class ActorConnectionInterceptor(Func<string> actor) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var cmd = Command(connection);
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var cmd = Command(connection);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand Command(DbConnection connection)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = "select set_config('iqf.actor', @a, false)";
        var p = cmd.CreateParameter();
        p.ParameterName = "a";
        p.Value = actor();
        cmd.Parameters.Add(p);
        return cmd;
    }
}
