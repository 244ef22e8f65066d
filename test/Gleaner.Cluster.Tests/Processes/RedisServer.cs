namespace Gleaner.Cluster.Tests.Processes;

/// <summary>
/// A redis-server of the test's own (Debian's package, installed by .ci/run) on 127.0.0.1 and a free port, with no
/// persistence and its files in a temporary directory; never the system's Redis service.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _directory;

    private RedisServer(ChildProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Endpoint = $"127.0.0.1:{port}";
    }

    /// <summary>HOST:PORT, as <c>--redis</c> takes it.</summary>
    public string Endpoint { get; }

    public static async Task<RedisServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("gleaner-redis-").FullName;
        var port = FreePort.Next();
        var process = ChildProcess.Start("redis-server",
            ["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory]);
        var server = new RedisServer(process, directory, port);
        try
        {
            // It logs this line (after a pid and a time stamp) once it listens.
            await process.WaitForLineAsync("Ready to accept connections", TimeSpan.FromSeconds(10));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
