using System.Threading.Channels;
using Gleaner.Storage;
using Gleaner.Watching;

namespace Gleaner.Cluster.Watching;

/// <summary>
/// Writes the samples of a silo's target grains to the store from one loop, many per transaction, and tells each
/// grain when its sample is committed: a grain moves its schedule on only then, so a silo that dies before the commit
/// leaves the target's last due time where it was, and the activation that comes back elsewhere takes that sample
/// again (the store keeps it once by target and due time).
/// </summary>
internal sealed class CommittedSampleWriter : IAsyncDisposable
{
    private const int MaxBatch = 1_000;

    // Bounded: a store that falls behind holds the grains back rather than filling memory.
    private readonly Channel<Entry> _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(10_000) { SingleReader = true });
    private readonly ISampleStore _store;
    private readonly Task _loop;

    public CommittedSampleWriter(ISampleStore store)
    {
        _store = store;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes when <paramref name="judged"/> is in the store; throws what the store threw.</summary>
    public async Task WriteAsync(ChangeDetection.Judged judged, CancellationToken cancellationToken)
    {
        var entry = new Entry(judged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(entry, cancellationToken);
        await entry.Committed.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<Entry>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            try
            {
                await _store.WriteAsync(
                    [.. batch.Select(e => e.Judged.Sample)],
                    [.. batch.SelectMany(e => e.Judged.Events)],
                    [.. batch.Select(e => e.Judged.After)],
                    CancellationToken.None);
                batch.ForEach(e => e.Committed.TrySetResult());
            }
#pragma warning disable CA1031 // Whatever the store threw goes to each grain whose sample it was: they keep it and try again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                batch.ForEach(entry => entry.Committed.TrySetException(e));
            }

            batch.Clear();
        }
    }

    private readonly record struct Entry(ChangeDetection.Judged Judged, TaskCompletionSource Committed);
}
