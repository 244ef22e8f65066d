using System.Globalization;
using System.Text.Json;
using Gleaner.Cluster.Tests.Processes;
using Gleaner.Tests.Storage;

namespace Gleaner.Cluster.Tests;

/// <summary>
/// <c>gleaner-cluster run</c> as real processes: three silos on a redis-server of the test's own, a batch written by
/// the client, one silo killed with SIGKILL in the middle of it, and the same command run again.
/// </summary>
public sealed class RunProcessTests
{
    private const int Targets = 300;

    [Fact]
    public async Task Run_SiloKilledMidBatch_EveryTargetRecordedOnceAndTheRunEnds()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var site = await CountingSite.StartAsync();
        using var dir = new TempFolder();
        // Two hosts (127.0.0.1 and localhost on one port), 150 targets each of 200 ms, 4 at a time per host: ~8 s of work.
        var port = site.Url("").Port;
        File.WriteAllLines(dir.File("urls.txt"), Enumerable.Range(0, Targets)
            .Select(i => $"http://{(i % 2 == 0 ? "127.0.0.1" : "localhost")}:{port}/value/{i}?ms=200"));
        var silos = new List<ChildProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                silos.Add((await GleanerCluster.StartSiloAsync("--redis", redis.Endpoint)).Process);
            }

            string[] command = ["run", "--urls", dir.File("urls.txt"), "--css", "#v", "--type", "integer", "--allow-private",
                "--per-host", "4", "--ignore-robots", "--redis", redis.Endpoint, "--out", dir.File("out.jsonl"), "--state", dir.File("state.db")];
            await using var run = GleanerCluster.Start(command);
            await WaitForLinesAsync(dir.File("out.jsonl"), Targets / 5, TimeSpan.FromSeconds(60));
            var status = await GleanerCluster.RunAsync("status", "--redis", redis.Endpoint);
            silos[1].KillHard();
            var exit = await run.WaitForExitAsync(TimeSpan.FromSeconds(90));

            TestContext.Current.TestOutputHelper?.WriteLine($"{site.Requests} requests for {Targets} targets\n{run.Stderr}");
            Assert.True(exit == 0, $"exit {exit}\n{run.Stderr}");
            var records = File.ReadAllLines(dir.File("out.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(
                Enumerable.Range(0, Targets).Select(i => $"{i}:ok:{i}"),
                records.Select(r => $"{ValueOf(r.GetProperty("url").GetString()!)}:{r.GetProperty("outcome").GetString()}:{r.GetProperty("value")}")
                    .OrderBy(s => int.Parse(s[..s.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture)));
            Assert.True(site.Requests is >= Targets and <= Targets + 3 * 8, $"{site.Requests} requests\n{run.Stderr}");
            Assert.Contains("done: 300/300 targets", run.Stderr, StringComparison.Ordinal);

            // Mid-run, status showed both hosts' leases within their limit (how far the pieces are depends on timing).
            Assert.Equal(0, status.Exit);
            Assert.Matches(@"(?m)^host 127\.0\.0\.1:\d+: [0-4] leases in use( \(limit 4\))?, \d+ waiting$", status.Stdout);
            Assert.Matches(@"(?m)^host localhost:\d+: [0-4] leases in use( \(limit 4\))?, \d+ waiting$", status.Stdout);

            // The same command again finds every target done: nothing fetched, nothing written twice.
            var requests = site.Requests;
            var again = await GleanerCluster.RunAsync(command);
            Assert.Equal(0, again.Exit);
            // The killed silo counts until the others vote it dead (seconds), so 2 or 3 silos.
            Assert.Matches(@"^resuming: 300 of 300 targets already done; 0 to go on [23] silo\(s\)\.", again.Stderr);
            Assert.Equal(Targets, File.ReadAllLines(dir.File("out.jsonl")).Length);
            Assert.Equal(requests, site.Requests);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static int ValueOf(string url) => int.Parse(url[(url.LastIndexOf('/') + 1)..url.IndexOf('?', StringComparison.Ordinal)], CultureInfo.InvariantCulture);

    // The client flushes its output at least every 200 ms: watched from outside, a bounded poll.
    private static async Task WaitForLinesAsync(string path, int lines, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!File.Exists(path) || File.ReadAllLines(path).Length < lines)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{path} did not reach {lines} lines within {within.TotalSeconds} s");
            await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        }
    }
}
