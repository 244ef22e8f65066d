using Gleaner.Cluster.Fetching;
using Gleaner.Cluster.Watching;
using Gleaner.Engine;
using Gleaner.Scheduling;
using Gleaner.Storage;
using Gleaner.Storage.Samples;
using Gleaner.Watching;
using Orleans.TestingHost;

namespace Gleaner.Cluster.Tests.Watching;

/// <summary>A cluster of one (in process) whose watch store is a SQLite file, and what the tests read back from it.</summary>
internal sealed class WatchOnOneSilo : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private WatchOnOneSilo(InProcessTestCluster cluster, string store) => (_cluster, Store) = (cluster, store);

    public string Store { get; }

    public IClusterClient Client => _cluster.Client;

    /// <summary>One silo over the SQLite store at <paramref name="store"/>; <paramref name="wrap"/> may stand between the grains and it.</summary>
    public static async Task<WatchOnOneSilo> StartAsync(string store, Func<ISampleStore, ISampleStore>? wrap = null)
    {
        var storage = await WatchStorage.OpenSqliteAsync(store);
        if (wrap is not null)
        {
            storage = storage with { Samples = wrap(storage.Samples) };
        }

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.AddGleanerGrains(watch: storage, wakeAllAtStart: true);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new WatchOnOneSilo(cluster, store);
    }

    /// <summary>A target of the list <paramref name="list"/> reading the integer at <paramref name="url"/> every second.</summary>
    public static WatchTarget EverySecond(string list, string name, Uri url, int concurrency = 256, TimeSpan? keep = null) =>
        WatchSpecs.FromTarget(list, TestTargets.IntegerTarget(name, url) with { Watch = new WatchSpec { Schedule = new EverySchedule(TimeSpan.FromSeconds(1)), Keep = keep } },
            ClusterTargets.PolicyOf(new RunSettings { RespectRobots = false }), concurrency);

    public Task<WatchRegistration> RegisterAsync(string list, params WatchTarget[] targets) =>
        Client.GetGrain<IWatchListGrain>(list).RegisterAsync(targets);

    /// <summary>The samples of <paramref name="target"/> kept so far, by due time.</summary>
    public async Task<List<Sample>> SamplesAsync(string target)
    {
        await using var reader = await SqliteSampleStore.OpenReadOnlyAsync(Store);
        var samples = new List<Sample>();
        await foreach (var sample in reader.ReadSamplesAsync(target, null, null))
        {
            samples.Add(sample);
        }

        return samples;
    }

    /// <summary>Polls the store (bounded) until <paramref name="done"/> holds for <paramref name="target"/>'s samples.</summary>
    public async Task<List<Sample>> WaitForAsync(string target, Func<List<Sample>, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var samples = await SamplesAsync(target);
            if (done(samples))
            {
                return samples;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{target}: {samples.Count} sample(s) after {within.TotalSeconds} s: {string.Join(", ", samples.Select(s => $"{s.Due:HH:mm:ss.fff} {s.Outcome} {s.Value}"))}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }
}
