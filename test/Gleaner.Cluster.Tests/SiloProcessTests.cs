using System.Text.RegularExpressions;
using Gleaner.Cluster.Tests.Processes;
using Gleaner.Tests.Storage;

namespace Gleaner.Cluster.Tests;

/// <summary>
/// <c>gleaner-cluster silo</c> and <c>status</c> as real processes: one node on localhost clustering, two nodes on
/// one Redis (a redis-server of the test's own), a node killed with SIGKILL and declared dead by the other.
/// </summary>
public sealed class SiloProcessTests
{
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Silo_LocalhostClustering_StatusListsItActive_AndSigtermStopsItWith143()
    {
        using var dir = new TempFolder();
        var (silo, port, gatewayPort) = await GleanerCluster.StartSiloAsync("--store", dir.File("watch.db"));
        await using (silo)
        {
            Assert.Matches($@"^silo up: cluster gleaner, silo 127\.0\.0\.1:{port}@\d+, gateway port {gatewayPort}, watch store SQLite at {Regex.Escape(dir.File("watch.db"))}$", silo.Stdout.Trim());

            var status = await GleanerCluster.RunAsync("status", "--gateway-port", $"{gatewayPort}");

            Assert.Equal(0, status.Exit);
            Assert.Matches($@"^127\.0\.0\.1:{port}@\d+ Active \S+$", status.Stdout.Trim());

            await silo.SignalAsync("TERM");
            Assert.Equal(143, await silo.WaitForExitAsync(StopWithin));
        }
    }

    [Fact]
    public async Task Silos_OnOneRedis_StatusListsBothActive_AndAKilledOneTurnsDead()
    {
        await using var redis = await RedisServer.StartAsync();
        var (first, firstPort, _) = await GleanerCluster.StartSiloAsync("--redis", redis.Endpoint);
        await using (first)
        {
            var (second, secondPort, _) = await GleanerCluster.StartSiloAsync("--redis", redis.Endpoint);
            await using (second)
            {
                var both = await GleanerCluster.RunAsync("status", "--redis", redis.Endpoint);

                Assert.Equal(0, both.Exit);
                Assert.Equal(
                    new[] { (firstPort, "Active"), (secondPort, "Active") }.Order(),
                    StatusLines(both.Stdout).Order());

                second.KillHard();
                var afterKill = await PollStatusAsync(redis.Endpoint, s => s.Contains((secondPort, "Dead")), TimeSpan.FromSeconds(60));

                Assert.Equal(new[] { (firstPort, "Active"), (secondPort, "Dead") }.Order(), afterKill.Order());
            }

            await first.SignalAsync("TERM");
            Assert.Equal(143, await first.WaitForExitAsync(StopWithin));
        }
    }

    [Theory]
    [InlineData("--postgres", "Host=localhost;Colour=blue", "usage: --postgres: not a connection string Npgsql reads")]
    [InlineData("--redis", "localhost", "usage: --redis localhost: expected HOST:PORT")]
    [InlineData("--port", "0", "usage: --port: expected a port from 1 to 65535")]
    [InlineData("--advertise", "10.0.0.5", "usage: --advertise needs --redis")]
    public async Task Silo_BadOption_IsAUsageErrorWithOneClearLine(string option, string value, string line)
    {
        var run = await GleanerCluster.RunAsync("silo", option, value);

        Assert.Equal(2, run.Exit);
        Assert.StartsWith(line, run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Silo_SqliteStoreOnASharedMembership_IsAUsageError()
    {
        var run = await GleanerCluster.RunAsync("silo", "--redis", "127.0.0.1:1", "--store", "watch.db");

        Assert.Equal(2, run.Exit);
        Assert.Equal(
            "usage: --store watch.db: a SQLite file is one node's; silos with --redis or --postgres share a PostgreSQL store (--store 'Host=…;Database=…')\nNo silo was started.",
            run.Stderr.TrimEnd());
        Assert.False(File.Exists("watch.db"));
    }

    [Fact]
    public async Task Silo_StoreNotAConnectionString_IsAUsageErrorWithoutThePassword()
    {
        var run = await GleanerCluster.RunAsync("silo", "--redis", "127.0.0.1:1", "--store", "Host=127.0.0.1;Databse=x;Password=s3cret");

        Assert.Equal(2, run.Exit);
        Assert.StartsWith("usage: --store: not a connection string Npgsql reads (", run.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("\nNo silo was started.", run.Stderr.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", run.Stderr, StringComparison.Ordinal);
    }

    // Failure detection is Orleans' (probes every few seconds, 3 missed declare a silo dead): watched from outside,
    // so a bounded poll is the only way to see it.
    private static async Task<List<(int Port, string Status)>> PollStatusAsync(
        string redis, Func<List<(int Port, string Status)>, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var status = await GleanerCluster.RunAsync("status", "--redis", redis);
            var lines = StatusLines(status.Stdout);
            if (status.Exit == 0 && done(lines))
            {
                return lines;
            }

            Assert.True(DateTime.UtcNow < deadline, $"not seen within {within.TotalSeconds} s; last status (exit {status.Exit}):\n{status.Stdout}{status.Stderr}");
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        }
    }

    private static List<(int Port, string Status)> StatusLines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => Regex.Match(line, @"^127\.0\.0\.1:(\d+)@\d+ (\w+) \S+$"))
            .Select(m => m.Success ? (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Value) : (0, "unparsed"))
            .ToList();
}
