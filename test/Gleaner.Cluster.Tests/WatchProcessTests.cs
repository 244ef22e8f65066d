using System.Globalization;
using System.Text.RegularExpressions;
using Gleaner.Cluster.Tests.Processes;
using Gleaner.Postgres;
using Gleaner.Tests.Storage;
using Gleaner.Watching;

namespace Gleaner.Cluster.Tests;

/// <summary>
/// <c>gleaner-cluster watch</c> as real processes: three silos on a redis-server of the test's own sharing a
/// PostgreSQL store of its own, a list of targets sampled every second, one silo killed with SIGKILL: its targets go on
/// on the others within 30 s, every schedule goes on, and no due time is kept twice.
/// </summary>
public sealed class WatchProcessTests
{
    private const int Targets = 24;

    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Watch_SiloKilled_ItsTargetsGoOnElsewhereWithin30s_NoSampleTwice()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var postgres = await PostgresServer.StartAsync();
        await using var site = await CountingSite.StartAsync();
        using var dir = new TempFolder();
        var store = postgres.ConnectionString();
        File.WriteAllLines(dir.File("weather.yaml"), [
            "defaults:", "  every: 1s", "  allow_private: true", "targets:",
            .. Enumerable.Range(0, Targets).SelectMany(i => new[]
            {
                $"  - name: t{i:00}", $"    url: {site.Url($"value/{i}")}", "    extract: { css: \"#v\" }", "    value: { type: integer }",
            }),
        ]);
        var silos = new List<ChildProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                silos.Add((await GleanerCluster.StartSiloAsync("--redis", redis.Endpoint, "--store", store)).Process);
            }

            var registered = await GleanerCluster.RunAsync("watch", dir.File("weather.yaml"), "--ignore-robots", "--redis", redis.Endpoint);
            Assert.Equal(0, registered.Exit);
            Assert.Equal($"registered the list 'weather' on the cluster 'gleaner' (3 silo(s)): {Targets} target(s); {Targets} added (t00, t01, t02, …), 0 changed, 0 removed, 0 unchanged.", registered.Stderr.TrimEnd());
            await WaitForAsync(store, s => s.Count == Targets && s.Values.All(x => x.Count >= 2), TimeSpan.FromSeconds(60));

            // status lists each silo's watched targets: the list spread over the three, every target once.
            var status = await GleanerCluster.RunAsync("status", "--redis", redis.Endpoint);
            var watched = Regex.Matches(status.Stdout, @"(?m)^watched targets on \S+: (\d+), \d+ sampling now, next due \S+ \(t\d\d\)$");
            Assert.True(watched.Count is >= 2 and <= 3, status.Stdout);
            Assert.Equal(Targets, watched.Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));

            silos[1].KillHard();
            var killed = DateTimeOffset.UtcNow;
            // Every target has started two samples since the kill: the dead silo's ones once they came back elsewhere.
            var samples = await WaitForAsync(store, s => s.Values.All(x => x.Count(y => y.Started > killed) >= 2), TimeSpan.FromSeconds(90));

            var back = samples.ToDictionary(s => s.Key, s => s.Value.First(x => x.Started > killed).Started - killed);
            var slowest = back.MaxBy(b => b.Value);
            Assert.True(slowest.Value <= Recovery, $"{slowest.Key} went on {slowest.Value.TotalSeconds:0.0} s after the kill");
            Assert.All(samples, s => Assert.Equal(s.Value.Count, s.Value.Select(x => x.Due).Distinct().Count()));
            Assert.All(samples.Values.SelectMany(x => x), s => Assert.Equal(Outcome.Ok, s.Outcome));
            Assert.All(samples, s => Assert.All(s.Value, x => Assert.Equal(s.Key[1..].TrimStart('0').PadLeft(1, '0'), x.Value)));
            TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", back.OrderBy(b => b.Key).Select(b => $"{b.Key} back after {b.Value.TotalSeconds:0.0} s")));
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    // Watched from outside: a bounded poll of the store.
    private static async Task<Dictionary<string, List<Sample>>> WaitForAsync(string store, Func<Dictionary<string, List<Sample>>, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var samples = new Dictionary<string, List<Sample>>(StringComparer.Ordinal);
            await using (var reader = await PostgresSampleStore.OpenReadOnlyAsync(store, TestContext.Current.CancellationToken))
            {
                await foreach (var sample in reader.ReadSamplesAsync(null, null, null, TestContext.Current.CancellationToken))
                {
                    (samples.TryGetValue(sample.Target, out var list) ? list : samples[sample.Target] = []).Add(sample);
                }
            }

            if (done(samples))
            {
                return samples;
            }

            Assert.True(DateTime.UtcNow < deadline, $"after {within.TotalSeconds} s: {string.Join(", ", samples.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value.Count}"))}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }
    }
}
