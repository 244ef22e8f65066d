using Gleaner.Tests.Storage;
using Gleaner.Watching;

namespace Gleaner.Cluster.Tests.Watching;

/// <summary>
/// Watch lists registered on a cluster of one: each target sampled on its schedule by its grain and kept once per due
/// time; a list registered again adds, changes and removes targets; a name belongs to one list; a restarted silo goes
/// on from the store.
/// </summary>
public sealed class WatchTargetGrainTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RegisterAsync_TwoTargetsEverySecond_EachSampledOnItsScheduleAndKeptOnce()
    {
        await using var site = await CountingSite.StartAsync();
        using var dir = new TempFolder();
        await using var cluster = await WatchOnOneSilo.StartAsync(dir.File("watch.db"));

        var registered = await cluster.RegisterAsync("weather",
            WatchOnOneSilo.EverySecond("weather", "b", site.Url("value/2")), WatchOnOneSilo.EverySecond("weather", "a", site.Url("value/1")));

        Assert.Equal("added a, b; changed ; removed ; unchanged 0", Text(registered));
        foreach (var (name, value) in new[] { ("a", "1"), ("b", "2") })
        {
            var samples = await cluster.WaitForAsync(name, s => s.Count >= 3, Patience);
            Assert.All(samples, s => Assert.Equal((Outcome.Ok, value, 200), (s.Outcome, s.Value, s.Status)));
            // One sample per due time, due times on the schedule's whole seconds (a late one skips what it overlapped).
            Assert.All(samples.Zip(samples.Skip(1)), p => Assert.True(p.Second.Due > p.First.Due && (p.Second.Due - p.First.Due).Ticks % TimeSpan.TicksPerSecond == 0, $"{p.First.Due:O} then {p.Second.Due:O}"));
            Assert.All(samples, s => Assert.False(s.Changed));
        }

        var snapshot = await cluster.Client.GetGrain<IWatchTargetGrain>("a").SnapshotAsync();
        Assert.True(snapshot.Registered && snapshot.Taken >= 3 && snapshot.NextDue > snapshot.LastDue, snapshot.ToString());
    }

    [Fact]
    public async Task RegisterAsync_ListAgain_AddsChangesAndRemovesTargets()
    {
        await using var site = await CountingSite.StartAsync();
        using var dir = new TempFolder();
        await using var cluster = await WatchOnOneSilo.StartAsync(dir.File("watch.db"));
        await cluster.RegisterAsync("weather",
            WatchOnOneSilo.EverySecond("weather", "a", site.Url("value/1")), WatchOnOneSilo.EverySecond("weather", "b", site.Url("value/2")));
        await cluster.WaitForAsync("a", s => s.Count >= 1, Patience);
        await cluster.WaitForAsync("b", s => s.Count >= 1, Patience);

        var again = await cluster.RegisterAsync("weather",
            WatchOnOneSilo.EverySecond("weather", "b", site.Url("value/3")), WatchOnOneSilo.EverySecond("weather", "c", site.Url("value/4")));

        Assert.Equal("added c; changed b; removed a; unchanged 0", Text(again));
        var stoppedAt = (await cluster.SamplesAsync("a")).Count;
        await cluster.WaitForAsync("c", s => s.Count >= 2, Patience);
        var b = await cluster.WaitForAsync("b", s => s.Count(x => x.Value == "3") >= 2, Patience);
        // The new URL from the next sample on: its first value is a change.
        Assert.Equal(["3:True", "3:False"], b.SkipWhile(s => s.Value == "2").Select(s => $"{s.Value}:{s.Changed}").Take(2));
        // A sample of a in flight when it was removed still ends and is kept; none starts after.
        Assert.InRange((await cluster.SamplesAsync("a")).Count, stoppedAt, stoppedAt + 1);
        Assert.False((await cluster.Client.GetGrain<IWatchTargetGrain>("a").SnapshotAsync()).Registered);

        var same = await cluster.RegisterAsync("weather",
            WatchOnOneSilo.EverySecond("weather", "b", site.Url("value/3")), WatchOnOneSilo.EverySecond("weather", "c", site.Url("value/4")));
        Assert.Equal("added ; changed ; removed ; unchanged 2", Text(same));
    }

    [Fact]
    public async Task Sample_ListConcurrencyOne_NeverTwoFetchesAtOnceOnTheSiloWhateverTheHosts()
    {
        await using var site = await CountingSite.StartAsync();
        using var dir = new TempFolder();
        await using var cluster = await WatchOnOneSilo.StartAsync(dir.File("watch.db"));
        // Two hosts (127.0.0.1 and localhost), three slow targets each, every second: each host's limit (4) would allow
        // all six at once; the list's --concurrency 1 allows one on the silo.
        var port = site.Url("").Port;
        var targets = Enumerable.Range(0, 6).Select(i => WatchOnOneSilo.EverySecond("slow", $"s{i}",
            new Uri($"http://{(i % 2 == 0 ? "127.0.0.1" : "localhost")}:{port}/value/{i}?ms=200"), concurrency: 1)).ToArray();

        await cluster.RegisterAsync("slow", targets);
        foreach (var target in targets)
        {
            await cluster.WaitForAsync(target.Target.Name, s => s.Count >= 2, Patience);
        }

        Assert.Equal(1, site.MaxInFlight);
    }

    [Fact]
    public async Task Sample_RetentionFails_TheTargetGoesOnSampling()
    {
        await using var site = await CountingSite.StartAsync();
        using var dir = new TempFolder();
        PruneFailingStore? failing = null;
        await using var cluster = await WatchOnOneSilo.StartAsync(dir.File("watch.db"), s => failing = new PruneFailingStore(s));

        await cluster.RegisterAsync("kept", WatchOnOneSilo.EverySecond("kept", "k", site.Url("value/5"), keep: TimeSpan.FromDays(1)));

        // Its first sample's retention failed; the schedule went on.
        var samples = await cluster.WaitForAsync("k", s => s.Count >= 3, Patience);
        Assert.All(samples, s => Assert.Equal("5", s.Value));
        Assert.Equal(1, failing!.PruneCalls);
    }

    [Fact]
    public async Task RegisterAsync_NameOfAnotherList_RefusedAndNothingChanges()
    {
        await using var site = await CountingSite.StartAsync();
        using var dir = new TempFolder();
        await using var cluster = await WatchOnOneSilo.StartAsync(dir.File("watch.db"));
        await cluster.RegisterAsync("weather", WatchOnOneSilo.EverySecond("weather", "a", site.Url("value/1")));

        var refused = await cluster.RegisterAsync("prices",
            WatchOnOneSilo.EverySecond("prices", "p", site.Url("value/7")), WatchOnOneSilo.EverySecond("prices", "a", site.Url("value/8")));

        Assert.Equal(
            "target 'a' is watched by the list 'weather': a name is one target in the cluster; rename it, or remove it from that list first",
            refused.Refused);
        Assert.Equal("added ; changed ; removed ; unchanged 0", Text(refused));
        var a = await cluster.WaitForAsync("a", s => s.Count >= 2, Patience);
        Assert.All(a, s => Assert.Equal("1", s.Value));
        Assert.Empty(await cluster.SamplesAsync("p"));
    }

    [Fact]
    public async Task Restart_SiloStartsAgainOnTheSameStore_TargetsGoOnFromTheirLastDueTime()
    {
        await using var site = await CountingSite.StartAsync();
        using var dir = new TempFolder();
        List<Sample> before;
        await using (var first = await WatchOnOneSilo.StartAsync(dir.File("watch.db")))
        {
            await first.RegisterAsync("weather", WatchOnOneSilo.EverySecond("weather", "a", site.Url("value/1")));
            before = await first.WaitForAsync("a", s => s.Count >= 2, Patience);
        }

        List<Sample> after;
        await using (var again = await WatchOnOneSilo.StartAsync(dir.File("watch.db")))
        {
            // Nothing registered again: the silo wakes what the store's registry has.
            after = await again.WaitForAsync("a", s => s.Count >= before.Count + 2, Patience);
        }

        Assert.Equal(after.Count, after.Select(s => s.Due).Distinct().Count());
        Assert.Equal(before.Select(s => s.Due), after.Take(before.Count).Select(s => s.Due));
        Assert.All(after, s => Assert.Equal("1", s.Value));
    }

    private static string Text(WatchRegistration r) =>
        $"added {string.Join(", ", r.Added)}; changed {string.Join(", ", r.Changed)}; removed {string.Join(", ", r.Removed)}; unchanged {r.Unchanged}";
}
