using System.Collections.Concurrent;
using Gleaner.Cluster.Fetching;
using Gleaner.Records;
using Orleans.Concurrency;
using Orleans.Placement;

namespace Gleaner.Cluster.Batches;

/// <summary>
/// The grain behind <see cref="IBatchPieceGrain"/>: placed at random, so a batch's pieces spread across the silos.
/// It runs its targets under the host grain's leases (<see cref="LeasedSampler"/>), at most the host's concurrency of
/// them at once (a piece holds one host's targets, so a slow host cannot fill the silo), each also holding one of
/// the job's fetch slots on this silo. Finished records wait here until the client says it has them. Calls
/// interleave: a call the client gave up on (it went through a silo that died) must not hold up the one it makes again.
/// </summary>
[RandomPlacement]
[Reentrant]
[GrainType(ClusterGrainTypes.BatchPiece)]
internal sealed class BatchPieceGrain(LeasedSampler sampler, SiloFetchSlots slots) : Grain, IBatchPieceGrain
{
    // Finished and not yet acknowledged by the client, by target index.
    private readonly ConcurrentDictionary<int, PieceRecord> _finished = new();
    private Task? _running;
    private int _targets;
    private int _fetching;
    private int _done;
    private TaskCompletionSource _arrived = NewSignal();

    public async Task<IReadOnlyList<PieceRecord>> TakeAsync(BatchPiece piece, IReadOnlyList<int> received, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(piece);
        ArgumentNullException.ThrowIfNull(received);
        var have = received.ToHashSet();
        foreach (var index in have)
        {
            _finished.TryRemove(index, out _);
        }

        _running ??= RunAsync(piece, have);
        if (_finished.IsEmpty)
        {
            // The window is real time, as Orleans' response timeout is: not the politeness clock.
            var arrived = _arrived.Task;
            await Task.WhenAny(arrived, _running, Task.Delay(within, TimeProvider.System));
        }

        if (_running.IsFaulted)
        {
            // The client sees why rather than waiting for records that never come; its next call starts the piece
            // again (without the targets it has).
            var failed = _running;
            _running = null;
            await failed;
        }

        return [.. _finished.Values.OrderBy(r => r.Index)];
    }

    public Task<PieceSnapshot> SnapshotAsync() => Task.FromResult(new PieceSnapshot(_targets, Volatile.Read(ref _fetching), Volatile.Read(ref _done)));

    private Task RunAsync(BatchPiece piece, HashSet<int> skip)
    {
        _targets = piece.Targets.Count;
        var silo = slots.For(piece.Job, piece.SiloConcurrency);
        var lanes = new SemaphoreSlim(piece.Policy.PerHostConcurrency);
        var work = piece.Targets.Where(t => !skip.Contains(t.Index)).Select(async t =>
        {
            await lanes.WaitAsync();
            try
            {
                await silo.WaitAsync();
                Interlocked.Increment(ref _fetching);
                try
                {
                    Finish(await SampleAsync(t, piece.Policy));
                }
                finally
                {
                    Interlocked.Decrement(ref _fetching);
                    silo.Release();
                }
            }
            finally
            {
                lanes.Release();
            }
        });
        return Task.WhenAll(work);
    }

    private async Task<PieceRecord> SampleAsync(PieceTarget item, ClusterPolicy policy)
    {
        var target = ClusterTargets.ToTarget(item.Target);
        var sampled = await sampler.SampleAsync(target, policy);
        var record = new RunRecord(item.Index, item.Key, sampled.Result, sampled.Attempts) { Started = sampled.Started };
        return new PieceRecord(item.Index, item.Key, sampled.Result.Outcome.ToName(), sampled.Result.Fetch.Timings.Total.TotalSeconds,
            ResultJson.Write(record), RuntimeIdentity);
    }

    private void Finish(PieceRecord record)
    {
        _finished[record.Index] = record;
        Interlocked.Increment(ref _done);
        // Wake a waiting call; the next waits on a fresh signal.
        Interlocked.Exchange(ref _arrived, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
