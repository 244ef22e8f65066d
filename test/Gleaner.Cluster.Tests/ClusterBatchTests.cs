using System.Text.Json.Nodes;
using Gleaner.Cluster.Batches;
using Gleaner.Engine;
using Gleaner.Fetching;
using Gleaner.Records;
using Gleaner.Targets;

namespace Gleaner.Cluster.Tests;

/// <summary>A batch split into pieces across a 3-silo cluster: one node's records, each once, one politeness per host.</summary>
public sealed class ClusterBatchTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly string[] Failing = ["words", "empty", "gone"];

    [Fact]
    public async Task RunAsync_SameJobAsOneNode_SameRecordsEachOnce()
    {
        await using var first = await CountingSite.StartAsync();
        await using var second = await CountingSite.StartAsync("User-agent: *\nDisallow: /value/3\n");
        var targets = new List<Target>();
        foreach (var site in new[] { first, second })
        {
            targets.AddRange(Enumerable.Range(0, 20).Select(i => TestTargets.IntegerTarget($"v{i}", site.Url($"value/{i}"))));
            targets.AddRange(Failing.Select(p => TestTargets.IntegerTarget(p, site.Url(p))));
        }

        var settings = new RunSettings { PerHostConcurrency = 2, Retries = 1 };
        var onCluster = new List<PieceRecord>();
        var summary = await new ClusterBatch(cluster.Client, "same-as-one-node", settings).RunAsync(
            targets, new HashSet<string>(), ClusterFixture.Silos, r => { onCluster.Add(r); return ValueTask.CompletedTask; }, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        using var fetcher = new Fetcher();
        var onOneNode = new List<RunRecord>();
        await foreach (var record in new RunEngine(fetcher, settings).RunAsync(targets, cancellationToken: TestContext.Current.CancellationToken))
        {
            onOneNode.Add(record);
        }

        Assert.Equal(Enumerable.Range(0, targets.Count), onCluster.Select(r => r.Index).Order());
        Assert.Equal(
            onOneNode.OrderBy(r => r.Index).Select(r => Comparable(ResultJson.Write(r))),
            onCluster.OrderBy(r => r.Index).Select(r => Comparable(r.Json)));
        Assert.Equal(onOneNode.OrderBy(r => r.Index).Select(r => r.Key), onCluster.OrderBy(r => r.Index).Select(r => r.Key));
        Assert.Equal("robots_denied", onCluster.Single(r => r.Index == 23 + 3).Outcome);
        Assert.Equal(new BatchSummary(summary.Pieces, 0), summary);
        Assert.True(summary.Pieces >= 2 * ClusterFixture.Silos, $"{summary.Pieces} pieces");
    }

    [Fact]
    public async Task RunAsync_NinetyTargetsOfOneHostOnThreeSilos_NeverMoreThanTheHostLimitAtOnce()
    {
        await using var site = await CountingSite.StartAsync();
        var targets = Enumerable.Range(0, 90).Select(i => TestTargets.IntegerTarget($"t{i}", site.Url($"value/{i}"))).ToList();
        var records = new List<PieceRecord>();

        await new ClusterBatch(cluster.Client, "one-host", new RunSettings { PerHostConcurrency = 3 }).RunAsync(
            targets, new HashSet<string>(), ClusterFixture.Silos, r => { records.Add(r); return ValueTask.CompletedTask; }, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.InRange(site.MaxInFlight, 1, 3);
        Assert.Equal(90, site.Requests);
        Assert.Equal(Enumerable.Range(0, 90).Select(i => $"{i}:ok"), records.OrderBy(r => r.Index).Select(r => $"{r.Index}:{r.Outcome}"));
        Assert.Equal(ClusterFixture.Silos, records.Select(r => r.Silo).Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_SomeTargetsDone_FetchesOnlyTheOthers()
    {
        await using var site = await CountingSite.StartAsync();
        var targets = Enumerable.Range(0, 10).Select(i => TestTargets.IntegerTarget($"t{i}", site.Url($"value/{i}"))).ToList();
        var done = targets.Select((t, i) => RunRecord.KeyFor(i, t)).Where((_, i) => i % 2 == 0).ToHashSet();
        var records = new List<PieceRecord>();

        await new ClusterBatch(cluster.Client, "resumed", RunSettings.Default).RunAsync(
            targets, done, ClusterFixture.Silos, r => { records.Add(r); return ValueTask.CompletedTask; }, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal([1, 3, 5, 7, 9], records.Select(r => r.Index).Order());
        Assert.Equal(5, site.Requests);
    }

    [Fact]
    public async Task RunAsync_TargetsWithTheirOwnUserAgent_ObeyRobotsTxtForThatAgentAsOneNode()
    {
        await using var site = await CountingSite.StartAsync("User-agent: probe\nDisallow: /value/1\n\nUser-agent: *\nDisallow:\n");
        var probe = new RequestHeader("User-Agent", "probe/2.0 (+https://example.org/probe)");
        var targets = Enumerable.Range(0, 3).Select(i => TestTargets.IntegerTarget($"probe{i}", site.Url($"value/{i}")) with { Headers = [probe] })
            .Concat(Enumerable.Range(0, 3).Select(i => TestTargets.IntegerTarget($"plain{i}", site.Url($"value/{i}"))))
            .ToList();
        var settings = new RunSettings { PerHostConcurrency = 2 };
        var onCluster = new List<PieceRecord>();

        await new ClusterBatch(cluster.Client, "agents", settings).RunAsync(
            targets, new HashSet<string>(), ClusterFixture.Silos, r => { onCluster.Add(r); return ValueTask.CompletedTask; }, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        using var fetcher = new Fetcher();
        var onOneNode = new List<RunRecord>();
        await foreach (var record in new RunEngine(fetcher, settings).RunAsync(targets, cancellationToken: TestContext.Current.CancellationToken))
        {
            onOneNode.Add(record);
        }

        Assert.Equal(["ok", "robots_denied", "ok", "ok", "ok", "ok"], onCluster.OrderBy(r => r.Index).Select(r => r.Outcome));
        Assert.Equal(
            onOneNode.OrderBy(r => r.Index).Select(r => Comparable(ResultJson.Write(r))),
            onCluster.OrderBy(r => r.Index).Select(r => Comparable(r.Json)));
        // Once per agent in the cluster, and once per agent on one node.
        Assert.Equal(4, site.RobotsRequests);
    }

    [Fact]
    public async Task RunAsync_ThirtyTargetsOfOneOriginAcrossThreeSilos_AskRobotsTxtOnce()
    {
        await using var site = await CountingSite.StartAsync("User-agent: *\nDisallow: /private/\n");
        var targets = Enumerable.Range(0, 30).Select(i => TestTargets.IntegerTarget($"t{i}", site.Url($"value/{i}"))).ToList();
        var records = new List<PieceRecord>();

        await new ClusterBatch(cluster.Client, "robots-once", new RunSettings { PerHostConcurrency = 2 }).RunAsync(
            targets, new HashSet<string>(), ClusterFixture.Silos, r => { records.Add(r); return ValueTask.CompletedTask; }, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(1, site.RobotsRequests);
        Assert.Equal(30, site.Requests);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"{i}:ok"), records.OrderBy(r => r.Index).Select(r => $"{r.Index}:{r.Outcome}"));
        Assert.Equal(ClusterFixture.Silos, records.Select(r => r.Silo).Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_TargetHeldLongerThanTheCallWindow_EndsWithOneFetch()
    {
        // Crawl-delay: 6 holds the page 6 s after robots.txt's fetch: longer than a call's 5 s window, so the client
        // asks again while the target waits, and the target is fetched once.
        await using var site = await CountingSite.StartAsync("User-agent: *\nCrawl-delay: 6\n");
        var records = new List<PieceRecord>();

        await new ClusterBatch(cluster.Client, "held", RunSettings.Default).RunAsync(
            [TestTargets.IntegerTarget("slow", site.Url("value/5"))], new HashSet<string>(), ClusterFixture.Silos,
            r => { records.Add(r); return ValueTask.CompletedTask; }, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal("0:ok", $"{Assert.Single(records).Index}:{records[0].Outcome}");
        Assert.Equal(1, site.Requests);
        Assert.Equal(1, site.RobotsRequests);
    }

    /// <summary>The record without what differs between two fetches of the same page: timings and the time it ended.</summary>
    internal static string Comparable(string json)
    {
        var record = JsonNode.Parse(json)!.AsObject();
        record.Remove("timings");
        record.Remove("at");
        return record.ToJsonString();
    }
}
