using Gleaner.Cluster.Watching;
using Gleaner.Storage;
using Gleaner.Watching;
using static Gleaner.Tests.Storage.Samples.WatchSamples;

namespace Gleaner.Cluster.Tests.Watching;

/// <summary>
/// The silo's sample writer: grains' samples go to the store many per transaction; a batch the store refuses is
/// written again one sample at a time, so a sample it refuses fails only its own grain; a store that refuses
/// everything is not asked once per sample.
/// </summary>
public sealed class CommittedSampleWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChangeDetection.Judged Judged(string target)
    {
        var sample = Ok(target, Due(0), "1");
        WatchEvent change = new() { Target = target, At = sample.Finished, Kind = WatchEventKind.Change, To = "1", Outcome = Outcome.Ok };
        return new ChangeDetection.Judged(sample, new TargetState { Target = target, LastDue = sample.Due, Value = "1" }, [change], null);
    }

    /// <summary>
    /// Holds the writer on the sample of "first" while the others queue, so that they reach the store as one batch;
    /// returns each grain's write.
    /// </summary>
    private static async Task<Task[]> WriteInOneBatchAsync(CommittedSampleWriter writer, GatedStore store, params string[] targets)
    {
        var first = writer.WriteAsync(Judged("first"), Ct);
        await store.Entered.Task.WaitAsync(Ct);
        var rest = targets.Select(t => writer.WriteAsync(Judged(t), Ct)).ToArray();
        store.Release.SetResult();
        return [first, .. rest];
    }

    [Fact]
    public async Task WriteAsync_StoreRefusesOneSampleOfABatch_FailsOnlyThatGrain_AndWritesTheOthersOneByOne()
    {
        var store = new GatedStore(refuse: target => target == "bad");
        await using var writer = new CommittedSampleWriter(store);

        var writes = await WriteInOneBatchAsync(writer, store, "a", "b", "bad", "c", "d");
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[3]);
        await Task.WhenAll(writes.Where((_, i) => i != 3));

        Assert.Equal("the store refuses bad", refused.Message);
        Assert.Equal(["first", "a b bad c d", "a", "b", "bad", "c", "d"], store.Writes);
        Assert.Equal(["first", "a", "b", "c", "d"], store.Committed);
        Assert.Equal(["first", "a", "b", "c", "d"], store.CommittedEvents);
    }

    [Fact]
    public async Task WriteAsync_StoreRefusesEverything_FailsEveryGrain_AfterThreeSamplesOnTheirOwn()
    {
        var store = new GatedStore(refuse: _ => true);
        await using var writer = new CommittedSampleWriter(store);

        var writes = await WriteInOneBatchAsync(writer, store, "a", "b", "c", "d", "e", "f");
        var failures = new List<string>();
        foreach (var write in writes)
        {
            failures.Add((await Assert.ThrowsAsync<InvalidOperationException>(() => write)).Message);
        }

        Assert.Equal(["first", "a b c d e f", "a", "b", "c"], store.Writes);
        Assert.Equal(
            ["the store refuses first", "the store refuses a", "the store refuses b", "the store refuses c", "the store refuses c", "the store refuses c", "the store refuses c"],
            failures);
        Assert.Empty(store.Committed);
    }

    [Fact]
    public async Task WriteAsync_TwoRefusedSamplesSideBySide_StillWritesTheRestOneByOne()
    {
        var store = new GatedStore(refuse: target => target.StartsWith("bad", StringComparison.Ordinal));
        await using var writer = new CommittedSampleWriter(store);

        var writes = await WriteInOneBatchAsync(writer, store, "bad1", "bad2", "a", "bad3", "b");
        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[1]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[2]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[4]);
        await Task.WhenAll(writes[0], writes[3], writes[5]);

        Assert.Equal(["first", "a", "b"], store.Committed);
    }

    /// <summary>
    /// A store that refuses any write holding a sample of a target <c>refuse</c> names (the write fails whole, as a
    /// transaction does), and holds its first write until released. It records each write's targets.
    /// </summary>
    private sealed class GatedStore(Func<string, bool> refuse) : ISampleStore
    {
        private readonly Lock _gate = new();
        private bool _entered;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Writes { get; } = [];

        public List<string> Committed { get; } = [];

        public List<string> CommittedEvents { get; } = [];

        public async Task WriteAsync(IReadOnlyList<Sample> samples, IReadOnlyList<WatchEvent> events, IReadOnlyList<TargetState> states, CancellationToken cancellationToken = default)
        {
            bool first;
            lock (_gate)
            {
                (first, _entered) = (!_entered, true);
                Writes.Add(string.Join(' ', samples.Select(s => s.Target)));
            }

            if (first)
            {
                Entered.SetResult();
                await Release.Task;
            }

            if (samples.FirstOrDefault(s => refuse(s.Target)) is { } refused)
            {
                throw new InvalidOperationException($"the store refuses {refused.Target}");
            }

            Assert.Equal(samples.Select(s => s.Target), states.Select(s => s.Target));
            lock (_gate)
            {
                Committed.AddRange(samples.Select(s => s.Target));
                CommittedEvents.AddRange(events.Select(e => e.Target));
            }
        }

        public Task<IReadOnlyList<TargetState>> LoadStatesAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<TargetState?> LoadStateAsync(string target, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<long> PruneAsync(RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<Sample> ReadSamplesAsync(string? target, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public IAsyncEnumerable<Sample> ReadLatestSamplesAsync(string target, int count, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<WatchEvent> ReadEventsAsync(string? target, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<WatchEvent>> ReadLatestEventsAsync(
            string? target, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
