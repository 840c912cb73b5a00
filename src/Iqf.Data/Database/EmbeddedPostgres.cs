using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Iqf.Data.Database;

/// <summary>
/// A private PostgreSQL cluster in a folder of its own, bound to 127.0.0.1 only (no Unix
/// socket), started with the distribution's binaries. Used by `./iqf` when IQF_DB is unset and
/// by the test fixture. PostgreSQL refuses to run as root, so as root the cluster belongs to the
/// `postgres` user and every server command runs through runuser.
/// </summary>
public sealed class EmbeddedPostgres
{
    public const string Database = "iqf";
    public const string Superuser = "iqf";

    public string DataDir { get; }
    public int Port { get; }
    public string PasswordFile { get; }
    private readonly bool _forTests;

    public EmbeddedPostgres(string dataDir, int port, string passwordFile, bool forTests = false)
    {
        DataDir = Path.GetFullPath(dataDir);
        Port = port;
        PasswordFile = Path.GetFullPath(passwordFile);
        _forTests = forTests;
    }

    public bool IsInitialised => File.Exists(Path.Combine(DataDir, "PG_VERSION"));

    public string ConnectionString(string database = Database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Password = File.ReadAllText(PasswordFile).Trim(),
        Database = database,
    }.ConnectionString;

    /// <summary>Creates the cluster if needed, starts it if stopped, and makes sure the database exists.</summary>
    public async Task StartAsync(TextWriter log, CancellationToken ct = default)
    {
        var bin = PostgresBinaries.Find();
        if (!IsInitialised) await InitialiseAsync(bin, log, ct);
        if (!await IsRunningAsync(ct))
        {
            if (PortInUse(Port))
                throw new EmbeddedPostgresException(
                    $"port {Port} on 127.0.0.1 is already in use by another program; set IQF_DB_PORT to a free port");
            var logFile = Path.Combine(DataDir, "server.log");
            var (code, output) = await RunAsync(bin.PgCtl,
                ["-D", DataDir, "-l", logFile, "-w", "-t", "60", "-o", $"-p {Port}", "start"], ct);
            if (code != 0)
                throw new EmbeddedPostgresException($"the database server did not start: {LastLines(output + ReadTail(logFile))}");
            log.WriteLine($"Database server started on 127.0.0.1:{Port} ({DataDir}).");
        }
        await EnsureDatabaseAsync(ct);
    }

    /// <param name="immediate">skip the shutdown checkpoint: only for throwaway clusters</param>
    public async Task StopAsync(TextWriter log, CancellationToken ct = default, bool immediate = false)
    {
        if (!IsInitialised || !await IsRunningAsync(ct)) { log.WriteLine("Database server is not running."); return; }
        var (code, output) = await RunAsync(PostgresBinaries.Find().PgCtl, ["-D", DataDir, "-m", immediate ? "immediate" : "fast", "-w", "stop"], ct);
        if (code != 0) throw new EmbeddedPostgresException($"the database server did not stop: {LastLines(output)}");
        log.WriteLine("Database server stopped.");
    }

    public async Task<bool> IsRunningAsync(CancellationToken ct = default)
    {
        if (!IsInitialised) return false;
        var (code, _) = await RunAsync(PostgresBinaries.Find().PgCtl, ["-D", DataDir, "status"], ct);
        return code == 0;
    }

    private async Task InitialiseAsync(PostgresBinaries bin, TextWriter log, CancellationToken ct)
    {
        Directory.CreateDirectory(DataDir);
        Directory.CreateDirectory(Path.GetDirectoryName(PasswordFile)!);
        if (!File.Exists(PasswordFile))
        {
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            // Created readable by its owner only, before any secret is written into it.
            using (File.Create(PasswordFile)) { }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await File.WriteAllTextAsync(PasswordFile, password + "\n", ct);
        }

        // initdb reads the password from a file the server's user can read; as root that user
        // is postgres, which must not be able to read root's own copy, so it gets a throwaway one.
        var pwfile = Path.Combine(DataDir, "..", $".initdb-pw-{Environment.ProcessId}");
        await File.WriteAllTextAsync(pwfile, File.ReadAllText(PasswordFile).Trim() + "\n", ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(pwfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            if (RunningAsRoot) { await ChownToPostgresAsync(DataDir, ct); await ChownToPostgresAsync(pwfile, ct); }
            var (code, output) = await RunAsync(bin.Initdb,
            [
                "-D", DataDir, "-U", Superuser, "--pwfile", pwfile, "-E", "UTF8", "--locale", "C.UTF-8",
                "--auth-host", "scram-sha-256", "--auth-local", "scram-sha-256",
            ], ct);
            if (code != 0) throw new EmbeddedPostgresException($"initdb failed: {LastLines(output)}");
        }
        finally { File.Delete(pwfile); }

        var settings = new List<string>
        {
            "", "# Written by iqf: a private cluster reachable only over TCP on 127.0.0.1.",
            "listen_addresses = '127.0.0.1'", $"port = {Port}", "unix_socket_directories = ''",
            "max_connections = 100", "shared_buffers = 256MB", "work_mem = 16MB", "maintenance_work_mem = 256MB",
        };
        if (_forTests)
            settings.AddRange(["# Throwaway test cluster: durability is not wanted, speed is.",
                "fsync = off", "synchronous_commit = off", "full_page_writes = off",
                // Every test class has its own database, hence its own connection pool.
                "max_connections = 300"]);
        await File.AppendAllLinesAsync(Path.Combine(DataDir, "postgresql.conf"), settings, ct);
        log.WriteLine($"Created a database cluster in {DataDir}.");
    }

    private async Task EnsureDatabaseAsync(CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(ConnectionString("postgres"));
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @n", conn);
        exists.Parameters.AddWithValue("n", Database);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"create database {Database}", conn);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    public static bool RunningAsRoot => Environment.UserName == "root" || geteuid() == 0;

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();

    private static async Task ChownToPostgresAsync(string path, CancellationToken ct)
    {
        var (code, output) = await RunProcessAsync("chown", ["-R", "postgres:postgres", path], ct);
        if (code != 0) throw new EmbeddedPostgresException($"could not give {path} to the postgres user: {LastLines(output)}");
    }

    /// <summary>Runs a server binary, as the postgres user when this process is root.</summary>
    private static Task<(int, string)> RunAsync(string exe, IEnumerable<string> args, CancellationToken ct) =>
        RunningAsRoot ? RunProcessAsync("runuser", ["-u", "postgres", "--", exe, .. args], ct) : RunProcessAsync(exe, args, ct);

    internal static async Task<(int, string)> RunProcessAsync(string exe, IEnumerable<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            UseShellExecute = false, WorkingDirectory = "/",
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new EmbeddedPostgresException($"could not start {exe}");
        p.StandardInput.Close();
        // pg_ctl start leaves the server holding inherited pipes open, so read until the process
        // exits rather than until end of stream.
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        var output = (await Task.WhenAny(stdout, Task.Delay(2000, ct)) == stdout ? stdout.Result : "")
                   + (await Task.WhenAny(stderr, Task.Delay(2000, ct)) == stderr ? stderr.Result : "");
        return (p.ExitCode, output);
    }

    public static bool PortInUse(int port)
    {
        try
        {
            using var l = new TcpListener(IPAddress.Loopback, port);
            l.Start();
            l.Stop();
            return false;
        }
        catch (SocketException) { return true; }
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static string ReadTail(string file)
    {
        try { return File.Exists(file) ? File.ReadAllText(file) : ""; } catch (IOException) { return ""; }
    }

    private static string LastLines(string text) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}

public sealed class EmbeddedPostgresException(string message) : Exception(message);

/// <summary>Where the PostgreSQL server programs are, installing Debian's packages when possible.</summary>
public sealed record PostgresBinaries(string Initdb, string PgCtl)
{
    private static PostgresBinaries? _found;

    public static PostgresBinaries Find()
    {
        if (_found is not null) return _found;
        var dir = Candidates().FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        if (dir is null && TryInstall())
            dir = Candidates().FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        if (dir is null)
            throw new EmbeddedPostgresException(
                "PostgreSQL server programs (initdb, pg_ctl) not found: install them with `apt-get install postgresql postgresql-contrib`, or set IQF_DB to an existing server");
        return _found = new PostgresBinaries(Path.Combine(dir, "initdb"), Path.Combine(dir, "pg_ctl"));
    }

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable("IQF_PG_BIN") is { Length: > 0 } own) yield return own;
        foreach (var d in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            yield return d;
        if (Directory.Exists("/usr/lib/postgresql"))
            foreach (var d in Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(VersionOf))
                yield return Path.Combine(d, "bin");
    }

    private static int VersionOf(string dir) => int.TryParse(Path.GetFileName(dir), out var v) ? v : 0;

    private static bool TryInstall()
    {
        if (!EmbeddedPostgres.RunningAsRoot || !File.Exists("/usr/bin/apt-get")) return false;
        Console.Error.WriteLine("PostgreSQL is not installed; installing the Debian packages postgresql and postgresql-contrib...");
        var env = "DEBIAN_FRONTEND=noninteractive";
        var (u, _) = EmbeddedPostgres.RunProcessAsync("env", [env, "apt-get", "update", "-q"], default).GetAwaiter().GetResult();
        if (u != 0) return false;
        var (i, _) = EmbeddedPostgres.RunProcessAsync("env", [env, "apt-get", "install", "-y", "-q", "postgresql", "postgresql-contrib"], default).GetAwaiter().GetResult();
        return i == 0;
    }
}
