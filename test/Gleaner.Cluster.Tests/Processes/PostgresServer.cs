using System.Globalization;

namespace Gleaner.Cluster.Tests.Processes;

/// <summary>
/// A PostgreSQL of the test's own (Debian's package, installed by .ci/run; never the system's service): <c>initdb</c>
/// into a temporary directory, the server on 127.0.0.1 and a free port with its socket in that directory, trust
/// authentication for the superuser <see cref="Superuser"/>, no fsync. PostgreSQL refuses to run as root, so under
/// root (CI) both run as <c>nobody</c>, who owns the directory. Stopped and deleted on dispose.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    public const string Superuser = "gleaner";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private readonly string _bin;
    private bool _started;

    private PostgresServer(string directory, string bin, int port)
    {
        _directory = directory;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A connection string for <c>--postgres</c>: <paramref name="user"/> on the database <c>postgres</c>.</summary>
    public string ConnectionString(string user = Superuser) => $"Host=127.0.0.1;Port={Port};Database=postgres;Username={user}";

    private string DataDirectory => Path.Combine(_directory, "data");

    public static async Task<PostgresServer> StartAsync()
    {
        // Under root the directory goes in /tmp, which the user nobody can reach wherever TMPDIR points.
        var directory = Environment.IsPrivilegedProcess
            ? Directory.CreateDirectory(Path.Combine("/tmp", $"gleaner-postgres-{Guid.NewGuid():N}")).FullName
            : Directory.CreateTempSubdirectory("gleaner-postgres-").FullName;
        var server = new PostgresServer(directory, BinDirectory(), FreePort.Next());
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                await RunAsync("chown", ["nobody", server._directory]);
            }

            await server.RunToolAsync("initdb", ["-D", server.DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            // pg_ctl -w returns once the server accepts connections: nothing to poll here.
            string options = $"-c listen_addresses=127.0.0.1 -p {server.Port} -k {server._directory} -c fsync=off -c full_page_writes=off";
            await server.RunToolAsync("pg_ctl", ["start", "-w", "-D", server.DataDirectory, "-l", Path.Combine(server._directory, "log"), "-o", options]);
            server._started = true;
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs SQL as the superuser with psql; fails with psql's output when it does.</summary>
    public Task SqlAsync(string sql) =>
        RunAsync(Path.Combine(_bin, "psql"),
            ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", Superuser, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql]);

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await RunToolAsync("pg_ctl", ["stop", "-w", "-D", DataDirectory, "-m", "immediate"]);
        }

        Directory.Delete(_directory, recursive: true);
    }

    // Debian installs each major version side by side; the newest one present.
    private static string BinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Where(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out _) && File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.Parse(Path.GetFileName(d), CultureInfo.InvariantCulture))
                .Select(d => Path.Combine(d, "bin"))
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException($"no PostgreSQL under {root}/<version>/bin (Debian: apt-get install postgresql; .ci/run installs it)");
    }

    private Task RunToolAsync(string tool, string[] arguments) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "nobody", "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string fileName, string[] arguments)
    {
        await using var process = ChildProcess.Start(fileName, arguments);
        var exit = await process.WaitForExitAsync(Patience);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)}: exit {exit}\n{process.Stdout}{process.Stderr}");
        }
    }
}
