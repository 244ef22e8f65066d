using Gleaner.Cluster.Fetching;
using Gleaner.Engine;
using Gleaner.Fetching;

namespace Gleaner.Cluster.Tests;

/// <summary>robots.txt on a 3-silo cluster: asked once per origin for the whole cluster, and obeyed as on one node.</summary>
public sealed class RobotsOnClusterTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly ClusterPolicy TwoPerHost = new(PerHostConcurrency: 2, PerHostDelay: TimeSpan.Zero, Retries: 2,
        MaxRetryAfter: TimeSpan.FromSeconds(30), KeyByRegistrableDomain: false);

    [Fact]
    public async Task SampleAsync_ThirtyTargetsOfOneOriginAcrossThreeSilos_AskRobotsTxtOnce()
    {
        await using var site = await CountingSite.StartAsync("User-agent: *\nDisallow: /private/\n");
        var targets = Enumerable.Range(0, 30).Select(i => Target(site, $"value/{i}")).ToList();

        var records = await Task.WhenAll(targets.Select((t, i) => cluster.Client.GetGrain<IFetchGrain>(2_000 + i).SampleAsync(t, TwoPerHost)))
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(1, site.RobotsRequests);
        Assert.Equal(30, site.Requests);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"value/{i}:ok:{i}"), records.Select(r => $"{r.Name}:{r.Outcome}:{r.Value}"));
        Assert.Equal(ClusterFixture.Silos, records.Select(r => r.Silo).Distinct().Count());
    }

    [Fact]
    public async Task SampleAsync_DisallowedTarget_EndsRobotsDeniedAsOnOneNode()
    {
        await using var site = await CountingSite.StartAsync("User-agent: *\nDisallow: /value/13\n");
        var targets = new[] { Target(site, "value/12"), Target(site, "value/13") };

        var onCluster = await Task.WhenAll(targets.Select((t, i) => cluster.Client.GetGrain<IFetchGrain>(3_000 + i).SampleAsync(t, TwoPerHost)))
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { PerHostConcurrency = 2, Retries = 2, RespectRobots = true });
        var onOneNode = new List<ClusterRecord>();
        await foreach (var record in engine.RunAsync(targets.Select(ClusterTargets.ToTarget).ToList(), cancellationToken: TestContext.Current.CancellationToken))
        {
            onOneNode.Add(ClusterTargets.ToRecord(record.Result, record.Attempts, "one node"));
        }

        var origin = site.Url("/").GetLeftPart(UriPartial.Authority);
        Assert.Equal(
            [$"value/12|ok|200|12|12||1", $"value/13|robots_denied||||robots.txt of {origin} disallows /value/13 for Gleaner|0"],
            onCluster.Select(Comparable));
        Assert.Equal(onOneNode.OrderBy(r => r.Name, StringComparer.Ordinal).Select(Comparable), onCluster.Select(Comparable));
        // value/12 once on each side, value/13 never; robots.txt once by the cluster and once by the one node.
        Assert.Equal(2, site.Requests);
        Assert.Equal(2, site.RobotsRequests);
    }

    private static ClusterTarget Target(CountingSite site, string path) => TestTargets.Integer(path, site.Url(path));

    private static string Comparable(ClusterRecord r) => $"{r.Name}|{r.Outcome}|{r.Status}|{r.RawValue}|{r.Value}|{r.Error}|{r.Attempts}";
}
