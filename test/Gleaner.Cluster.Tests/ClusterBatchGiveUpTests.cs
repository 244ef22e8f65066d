using Gleaner.Cluster.Batches;
using Gleaner.Engine;
using Orleans.TestingHost;

namespace Gleaner.Cluster.Tests;

/// <summary>A batch whose cluster goes away for good gives up after its bound, keeping what it recorded.</summary>
public sealed class ClusterBatchGiveUpTests
{
    [Fact]
    public async Task RunAsync_EverySiloGone_ThrowsClusterUnreachableAfterGiveUpAfter()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddGleanerGrains());
        await using var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        await using var site = await CountingSite.StartAsync();
        // Slow pages: the piece is still running when its only silo stops.
        var targets = Enumerable.Range(0, 20).Select(i => TestTargets.IntegerTarget($"t{i}", site.Url($"value/{i}?ms=3000"))).ToList();
        var notes = new List<string>();
        var batch = new ClusterBatch(cluster.Client, "give-up", new RunSettings { PerHostConcurrency = 1, RespectRobots = false })
        {
            GiveUpAfter = TimeSpan.FromSeconds(2),
            OnRetry = notes.Add,
        };

        var running = batch.RunAsync(targets, new HashSet<string>(), 1, _ => ValueTask.CompletedTask, TestContext.Current.CancellationToken);
        await cluster.StopSiloAsync(cluster.Silos[0], TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(() => running.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        // 20 targets on one silo make 4 pieces: whichever has waited 2 s first ends the run.
        Assert.Matches(@"^piece [0-3] has not answered for 2 s \(last: \w+: ", error.Message);
        // A target may finish while the silo shuts down gracefully: how many each piece had done is timing.
        Assert.All(notes, n => Assert.Matches(@"^piece [0-3] \([0-5] of 5 targets done\) did not answer: ", n));
    }
}
