using Gleaner.Storage;
using Gleaner.Watching;

namespace Gleaner.Cluster.Tests.Watching;

/// <summary>A sample store whose retention always fails (a store that refuses a DELETE): everything else is <paramref name="inner"/>'s.</summary>
internal sealed class PruneFailingStore(ISampleStore inner) : ISampleStore
{
    public int PruneCalls { get; private set; }

    public Task<long> PruneAsync(RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        PruneCalls++;
        throw new InvalidOperationException("retention refused");
    }

    public Task<IReadOnlyList<TargetState>> LoadStatesAsync(CancellationToken cancellationToken = default) => inner.LoadStatesAsync(cancellationToken);

    public Task<TargetState?> LoadStateAsync(string target, CancellationToken cancellationToken = default) => inner.LoadStateAsync(target, cancellationToken);

    public Task WriteAsync(IReadOnlyList<Sample> samples, IReadOnlyList<WatchEvent> events, IReadOnlyList<TargetState> states, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(samples, events, states, cancellationToken);

    public IAsyncEnumerable<Sample> ReadSamplesAsync(string? target, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default) =>
        inner.ReadSamplesAsync(target, from, to, cancellationToken);

    public IAsyncEnumerable<Sample> ReadLatestSamplesAsync(string target, int count, CancellationToken cancellationToken = default) =>
        inner.ReadLatestSamplesAsync(target, count, cancellationToken);

    public IAsyncEnumerable<WatchEvent> ReadEventsAsync(string? target, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default) =>
        inner.ReadEventsAsync(target, from, to, cancellationToken);

    public Task<IReadOnlyList<WatchEvent>> ReadLatestEventsAsync(string? target, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken cancellationToken = default) =>
        inner.ReadLatestEventsAsync(target, from, to, limit, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
