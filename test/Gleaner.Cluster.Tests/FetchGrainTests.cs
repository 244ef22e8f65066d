using Gleaner.Cluster.Fetching;
using Gleaner.Engine;
using Gleaner.Fetching;

namespace Gleaner.Cluster.Tests;

/// <summary>Targets spread across a 3-silo cluster: one politeness for their host, and the records of one node.</summary>
public sealed class FetchGrainTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly ClusterPolicy TwoPerHost = new(PerHostConcurrency: 2, PerHostDelay: TimeSpan.Zero, Retries: 2,
        MaxRetryAfter: TimeSpan.FromSeconds(30), KeyByRegistrableDomain: false);

        [Fact]
    public async Task SampleAsync_SixtyTargetsOnOneHostAcrossThreeSilos_NeverMoreThanTwoAtOnce()
    {
        await using var site = await CountingSite.StartAsync();
        var targets = Enumerable.Range(0, 60)
            .Select(i => TestTargets.Integer($"t{i}", site.Url($"value/{i}")))
            .ToList();

        var records = await Task.WhenAll(targets.Select((t, i) => cluster.Client.GetGrain<IFetchGrain>(i).SampleAsync(t, TwoPerHost)))
            .WaitAsync(TimeSpan.FromSeconds(45), TestContext.Current.CancellationToken);

        Assert.InRange(site.MaxInFlight, 1, 2);
        Assert.Equal(60, site.Requests);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"t{i}:ok:{i}"), records.Select(r => $"{r.Name}:{r.Outcome}:{r.Value}"));
        Assert.Equal(ClusterFixture.Silos, records.Select(r => r.Silo).Distinct().Count());
    }

    [Fact]
    public async Task SampleAsync_SameTargetsAsOneNode_SameRecords()
    {
        await using var site = await CountingSite.StartAsync();
        string[] paths = ["value/7", "value/42", "words", "empty", "gone"];
        var targets = paths
            .Select(p => TestTargets.Integer(p, site.Url(p)))
            .ToList();

        var onCluster = await Task.WhenAll(targets.Select((t, i) => cluster.Client.GetGrain<IFetchGrain>(1_000 + i).SampleAsync(t, TwoPerHost)))
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { PerHostConcurrency = 2, Retries = 2, RespectRobots = false });
        var onOneNode = new List<ClusterRecord>();
        await foreach (var record in engine.RunAsync(targets.Select(ClusterTargets.ToTarget).ToList(), cancellationToken: TestContext.Current.CancellationToken))
        {
            onOneNode.Add(ClusterTargets.ToRecord(record.Result, record.Attempts, "one node"));
        }

        Assert.Equal(
            onOneNode.OrderBy(r => r.Name, StringComparer.Ordinal).Select(Comparable),
            onCluster.OrderBy(r => r.Name, StringComparer.Ordinal).Select(Comparable));
        Assert.Equal(
            ["empty:no_match:200::", "gone:http_status:404::", "value/42:ok:200:42:42", "value/7:ok:200:7:7", "words:invalid_value:200:not a number:"],
            onCluster.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => $"{r.Name}:{r.Outcome}:{r.Status}:{r.RawValue}:{r.Value}"));
    }

    [Fact]
    public async Task TrySampleAsync_SampleLongerThanTheCallWindow_AnswersNullUntilTheRecordAndFetchesOnce()
    {
        // Crawl-delay: 2 holds the page 2 s after robots.txt's fetch: longer than the first call's window.
        await using var site = await CountingSite.StartAsync("User-agent: *\nCrawl-delay: 2\n");
        var target = TestTargets.Integer("slow", site.Url("value/5"));
        var grain = cluster.Client.GetGrain<IFetchGrain>(4_000);

        Assert.Null(await grain.TrySampleAsync(target, TwoPerHost, TimeSpan.FromMilliseconds(500)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.TrySampleAsync(target with { Name = "other" }, TwoPerHost, TimeSpan.Zero));

        // A bounded poll: each call ends within its 1 s window, and the sample goes on between them.
        ClusterRecord? record = null;
        for (var calls = 0; record is null && calls < 10; calls++)
        {
            record = await grain.TrySampleAsync(target, TwoPerHost, TimeSpan.FromSeconds(1));
        }

        Assert.Equal("slow:ok:5", $"{record?.Name}:{record?.Outcome}:{record?.Value}");
        Assert.Equal(1, site.Requests);
        Assert.Equal(1, site.RobotsRequests);
    }

    private static string Comparable(ClusterRecord r) => $"{r.Name}|{r.Outcome}|{r.Status}|{r.RawValue}|{r.Value}|{r.Error}|{r.Attempts}";
}
