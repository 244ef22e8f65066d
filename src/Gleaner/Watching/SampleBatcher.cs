using System.Threading.Channels;
using Gleaner.Storage;

namespace Gleaner.Watching;

/// <summary>
/// Writes a watch's samples to its store from one loop, many per transaction: whatever finished while the last write
/// ran goes in the next, so a busy watch writes in large batches and a quiet one writes each sample at once. Retention
/// runs on the same loop (the store has one writer). A failed write ends the loop with its exception.
/// </summary>
internal sealed class SampleBatcher(ISampleStore store, TimeProvider time, Func<RetentionPolicy> retention)
{
    /// <summary>How often retention is enforced while samples arrive.</summary>
    public static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    private const int MaxBatch = 2_000;

    // Bounded: a store that falls behind slows the lanes down instead of filling memory.
    private readonly Channel<Entry> _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(10_000) { SingleReader = true });

    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    public ValueTask WriteAsync(ChangeDetection.Judged judged, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync(new Entry(judged, null), cancellationToken);

    /// <summary>
    /// Queues an event that no sample carries (what became of a notification) without waiting; false when the queue
    /// is full or closed, and the event is not kept.
    /// </summary>
    public bool TryWrite(WatchEvent e) => _queue.Writer.TryWrite(new Entry(null, e));

    /// <summary>No more samples will come; <see cref="RunAsync"/> ends once it has written the ones queued.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var samples = new List<Sample>(MaxBatch);
        var events = new List<WatchEvent>();
        var states = new Dictionary<string, TargetState>(StringComparer.Ordinal);
        try
        {
            await PruneIfDueAsync(cancellationToken);
            while (await _queue.Reader.WaitToReadAsync(cancellationToken))
            {
                while (samples.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
                {
                    if (entry.Judged is { } judged)
                    {
                        samples.Add(judged.Sample);
                        events.AddRange(judged.Events);
                        states[judged.After.Target] = judged.After;
                    }
                    else
                    {
                        events.Add(entry.Event!);
                    }
                }

                await store.WriteAsync(samples, events, [.. states.Values], cancellationToken);
                samples.Clear();
                events.Clear();
                states.Clear();
                await PruneIfDueAsync(cancellationToken);
            }
        }
        finally
        {
            // Whoever still writes must not wait on a loop that is gone.
            _queue.Writer.TryComplete();
        }
    }

    /// <summary>A sample judged, or an event of its own.</summary>
    private readonly record struct Entry(ChangeDetection.Judged? Judged, WatchEvent? Event);

    private async Task PruneIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now >= _nextPrune)
        {
            _nextPrune = now + PruneEvery;
            await store.PruneAsync(retention(), now, cancellationToken);
        }
    }
}
