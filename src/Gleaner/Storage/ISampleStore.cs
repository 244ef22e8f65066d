using Gleaner.Watching;

namespace Gleaner.Storage;

/// <summary>
/// Where a watch keeps its samples, events and each target's state. SQLite on one machine
/// (<c>SqliteSampleStore</c>): one writer, the process that holds the file. PostgreSQL for a cluster
/// (<c>PostgresSampleStore</c>): many writers at once, the silos, each target written by one of them only (its grain),
/// so a target's writes keep their order. Reads may run beside the writes.
/// </summary>
public interface ISampleStore : IAsyncDisposable
{
    /// <summary>Every target's state as last written, so a restarted watch continues each schedule.</summary>
    Task<IReadOnlyList<TargetState>> LoadStatesAsync(CancellationToken cancellationToken = default);

    /// <summary>One target's state as last written, or null when the store has none: a cluster's target grain reads its own.</summary>
    Task<TargetState?> LoadStateAsync(string target, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="samples"/>, <paramref name="events"/> and the new <paramref name="states"/> in one
    /// transaction: after a crash either all of them are there or none.
    /// </summary>
    Task WriteAsync(IReadOnlyList<Sample> samples, IReadOnlyList<WatchEvent> events, IReadOnlyList<TargetState> states, CancellationToken cancellationToken = default);

    /// <summary>Removes samples and events older than <paramref name="policy"/> keeps at <paramref name="now"/>; returns the samples removed.</summary>
    Task<long> PruneAsync(RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// The samples of <paramref name="target"/> (every target when null) due in [<paramref name="from"/>,
    /// <paramref name="to"/>), by target and then due time, each one on its own however the store keeps them.
    /// </summary>
    IAsyncEnumerable<Sample> ReadSamplesAsync(string? target, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default);

    /// <summary>
    /// The last <paramref name="count"/> samples of <paramref name="target"/> by due time, oldest first (fewer when it
    /// has fewer; none for a target not in the store): a sparkline's worth, without knowing the target's schedule.
    /// </summary>
    IAsyncEnumerable<Sample> ReadLatestSamplesAsync(string target, int count, CancellationToken cancellationToken = default);

    /// <summary>The events of <paramref name="target"/> (every target when null) in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    IAsyncEnumerable<WatchEvent> ReadEventsAsync(string? target, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest <paramref name="limit"/> events of <paramref name="target"/> (every target when null) in
    /// [<paramref name="from"/>, <paramref name="to"/>), newest first: a feed's worth, without reading the range whole.
    /// </summary>
    Task<IReadOnlyList<WatchEvent>> ReadLatestEventsAsync(string? target, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken cancellationToken = default);
}
