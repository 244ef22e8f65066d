using Gleaner.Storage;
using Gleaner.Storage.Samples;
using Gleaner.Watching;
using static Gleaner.Tests.Storage.Samples.WatchSamples;

namespace Gleaner.Tests.Storage.Samples;

public sealed class SampleStorePruneTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    private string StorePath => _folder.File("watch.db");

    private static RetentionPolicy Keep(TimeSpan? byDefault, params (string Target, TimeSpan Keep)[] perTarget) =>
        new(byDefault, perTarget.ToDictionary(p => p.Target, p => p.Keep));

    [Fact]
    public async Task PruneAsync_SamplesBeforeTheCut_GoAndARowAcrossItIsCutExactly()
    {
        var nyc = Enumerable.Range(0, 300).Select(i => Ok("nyc", Due(i), "66.9", changed: i == 0)).ToList();
        var la = Enumerable.Range(0, 300).Select(i => Ok("la", Due(i), "70")).ToList();
        WatchEvent[] events =
        [
            new() { Target = "nyc", At = Due(198), Kind = WatchEventKind.Change, To = "66.9", Outcome = Outcome.Ok },
            new() { Target = "nyc", At = Due(199), Kind = WatchEventKind.Change, To = "66.9", Outcome = Outcome.Ok },
            new() { Target = "la", At = Due(0), Kind = WatchEventKind.Change, To = "70", Outcome = Outcome.Ok },
        ];
        await using var store = await SqliteSampleStore.OpenAsync(StorePath, Ct);
        await store.WriteAsync([.. nyc, .. la], events, [], Ct);

        // nyc keeps 1,000 s by default: the cut is at sample 199, inside the first of its two rows (256 + 44).
        var removed = await store.PruneAsync(Keep(TimeSpan.FromSeconds(1000), ("la", TimeSpan.FromHours(1))), Due(299), Ct);

        Assert.Equal(199, removed);
        Assert.Equal([.. la, .. nyc[199..]], await ListAsync(store.ReadSamplesAsync(null, null, null, Ct)));
        Assert.Equal([events[2], events[1]], await ListAsync(store.ReadEventsAsync(null, null, null, Ct)));
        Assert.Equal("57,44", await Sql.ScalarAsync(StorePath,
            "SELECT group_concat(count) FROM (SELECT count FROM runs r JOIN targets t ON t.id = r.target WHERE t.name = 'nyc' ORDER BY first_due)"));

        // The next sample still extends the last row.
        await WriteAsync(store, Ok("nyc", Due(300), "66.9"));
        Assert.Equal([.. nyc[199..], Ok("nyc", Due(300), "66.9")], await ListAsync(store.ReadSamplesAsync("nyc", null, null, Ct)));
        Assert.Equal(2L, await Sql.ScalarAsync(StorePath, "SELECT count(*) FROM runs r JOIN targets t ON t.id = r.target WHERE t.name = 'nyc'"));
    }

    [Fact]
    public async Task PruneAsync_NoKeep_KeepsEverything()
    {
        await using var store = await SqliteSampleStore.OpenAsync(StorePath, Ct);
        await WriteAsync(store, Ok("nyc", Due(0), "1"), Ok("la", Due(0), "2"));

        Assert.Equal(1, await store.PruneAsync(Keep(null, ("la", TimeSpan.FromSeconds(5))), Due(1), Ct));
        Assert.Equal([Ok("nyc", Due(0), "1")], await ListAsync(store.ReadSamplesAsync(null, null, null, Ct)));
    }

    [Fact]
    public async Task PruneAsync_MostOfTheHistoryGone_TheFileShrinks()
    {
        var random = new Random(9);
        await using var store = await SqliteSampleStore.OpenAsync(StorePath, Ct);
        for (var batch = 0; batch < 50; batch++)
        {
            var samples = new List<Sample>();
            for (var n = batch * 20; n < batch * 20 + 20; n++)
            {
                samples.AddRange(Enumerable.Range(0, 100).Select(t => Ok($"t{t}", Due(n), random.Next(10) == 0 ? $"{n}" : "1")));
            }

            await store.WriteAsync(samples, [], [], Ct);
        }

        // Nothing to prune, but the WAL is checkpointed into the file: its size is the history's.
        Assert.Equal(0, await store.PruneAsync(Keep(null), Due(1000), Ct));
        var before = new FileInfo(StorePath).Length;
        await store.PruneAsync(Keep(TimeSpan.FromSeconds(100)), Due(1000), Ct);
        var after = new FileInfo(StorePath).Length;

        Assert.Equal(100 * 10, (await ListAsync(store.ReadSamplesAsync(null, null, null, Ct))).Count);
        Assert.InRange(after, 1, before / 5);
        Assert.Equal(0L, await Sql.ScalarAsync(StorePath, "PRAGMA freelist_count"));
    }
}
