using Npgsql;

namespace Iqf.Data.Database;

/// <summary>
/// Where the database is: the Npgsql connection string in IQF_DB, or else the embedded cluster
/// under IQF_HOME/.iqf/pg (IQF_HOME defaults to the current folder) on IQF_DB_PORT (5433).
/// </summary>
public sealed record DatabaseSettings(string? ExternalConnectionString, string Home, int EmbeddedPort)
{
    public bool UsesEmbedded => ExternalConnectionString is null;

    public static DatabaseSettings FromEnvironment()
    {
        var external = Environment.GetEnvironmentVariable("IQF_DB");
        var home = Environment.GetEnvironmentVariable("IQF_HOME") is { Length: > 0 } h ? h : Directory.GetCurrentDirectory();
        var portText = Environment.GetEnvironmentVariable("IQF_DB_PORT");
        var port = 5433;
        if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText, out port) || port is < 1 or > 65535))
            throw new SettingsException($"IQF_DB_PORT must be a port number from 1 to 65535, not '{portText}'");
        if (!string.IsNullOrWhiteSpace(external))
        {
            try { _ = new NpgsqlConnectionStringBuilder(external); }
            catch (ArgumentException e) { throw new SettingsException($"IQF_DB is not a valid connection string: {e.Message}"); }
        }
        return new DatabaseSettings(string.IsNullOrWhiteSpace(external) ? null : external, Path.GetFullPath(home), port);
    }

    public EmbeddedPostgres Embedded() => new(
        Path.Combine(Home, ".iqf", "pg"), EmbeddedPort, Path.Combine(Home, ".iqf", "pg-password"));

    /// <summary>The connection string, starting the embedded cluster first when it is the one in use.</summary>
    public async Task<string> ConnectAsync(TextWriter log, CancellationToken ct = default)
    {
        if (ExternalConnectionString is not null) return ExternalConnectionString;
        var pg = Embedded();
        await pg.StartAsync(log, ct);
        return pg.ConnectionString();
    }
}

public sealed class SettingsException(string message) : Exception(message);
