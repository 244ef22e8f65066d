using System.Threading.Channels;
using Gleaner.Storage;
using Gleaner.Watching;

namespace Gleaner.Cluster.Watching;

/// <summary>
/// Writes the samples of a silo's target grains to the store from one loop, many per transaction, and tells each
/// grain when its sample is committed: a grain moves its schedule on only then, so a silo that dies before the commit
/// leaves the target's last due time where it was, and the activation that comes back elsewhere takes that sample
/// again (the store keeps it once by target and due time). A batch the store refuses is written again one sample at a
/// time, so a sample it cannot keep holds back only its own grain.
/// </summary>
internal sealed class CommittedSampleWriter : IAsyncDisposable
{
    private const int MaxBatch = 1_000;

    /// <summary>
    /// Failures in a row that say the store, not a sample, is at fault: one refused sample is rare, three side by side
    /// in one batch rarer still, and a store that is down fails every write.
    /// </summary>
    private const int FailuresInARow = 3;

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

            if (await TryWriteAsync(batch) is not { } failure)
            {
                batch.ForEach(e => e.Committed.TrySetResult());
            }
            else if (batch.Count == 1)
            {
                batch[0].Committed.TrySetException(failure);
            }
            else
            {
                await WriteOneAtATimeAsync(batch);
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// Writes a failed batch's entries one at a time, so that a sample the store refuses (one it cannot keep) fails
    /// only its own grain rather than every grain in the batch. A store that is down would fail each entry in turn,
    /// each after its own timeout: after <see cref="FailuresInARow"/> failures in a row, the rest fail unwritten.
    /// </summary>
    private async Task WriteOneAtATimeAsync(List<Entry> batch)
    {
        var inARow = 0;
        Exception? last = null;
        foreach (var entry in batch)
        {
            if (inARow == FailuresInARow)
            {
                entry.Committed.TrySetException(last!);
            }
            else if (await TryWriteAsync([entry]) is { } failure)
            {
                entry.Committed.TrySetException(failure);
                (inARow, last) = (inARow + 1, failure);
            }
            else
            {
                entry.Committed.TrySetResult();
                inARow = 0;
            }
        }
    }

    /// <summary>Writes the entries in one transaction; returns what the store threw, or null.</summary>
    private async Task<Exception?> TryWriteAsync(List<Entry> entries)
    {
        try
        {
            await _store.WriteAsync(
                [.. entries.Select(e => e.Judged.Sample)],
                [.. entries.SelectMany(e => e.Judged.Events)],
                [.. entries.Select(e => e.Judged.After)],
                CancellationToken.None);
            return null;
        }
#pragma warning disable CA1031 // Whatever the store threw goes to each grain whose sample it was: they keep it and try again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }

    private readonly record struct Entry(ChangeDetection.Judged Judged, TaskCompletionSource Committed);
}
