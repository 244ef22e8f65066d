using System.Collections.Concurrent;
using System.Diagnostics;
using Gleaner.Cluster.Fetching;
using Gleaner.Records;
using Gleaner.Targets;
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
    /// <summary>
    /// A piece whose client has not called for this long starts no more targets (the client is gone: it was stopped or
    /// killed, and a resumed run fetches them under its own pieces). A call after that starts them again.
    /// </summary>
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromSeconds(30);

    // Finished and not yet acknowledged by the client, by target index.
    private readonly ConcurrentDictionary<int, PieceRecord> _finished = new();
    private Task? _running;
    private long _lastCall;
    private int _targets;
    private int _fetching;
    private int _done;
    private TaskCompletionSource _arrived = NewSignal();

    public async Task<IReadOnlyList<PieceRecord>> TakeAsync(BatchPiece piece, IReadOnlyList<int> received, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(piece);
        ArgumentNullException.ThrowIfNull(received);
        Volatile.Write(ref _lastCall, Stopwatch.GetTimestamp());
        var have = received.ToHashSet();
        foreach (var index in have)
        {
            _finished.TryRemove(index, out _);
        }

        // First call, or the run ended short of the piece (abandoned for a while): run what neither side holds.
        if (_running is null || (_running.IsCompleted && piece.Targets.Any(t => !have.Contains(t.Index) && !_finished.ContainsKey(t.Index))))
        {
            _running = RunAsync(piece, [.. have, .. _finished.Keys]);
        }

        if (_finished.IsEmpty)
        {
            // The window is real time, as Orleans' response timeout is: not the politeness clock.
            await Task.WhenAny(_arrived.Task, _running, Task.Delay(within, TimeProvider.System));
        }

        return [.. _finished.Values.OrderBy(r => r.Index)];
    }

    public Task<PieceSnapshot> SnapshotAsync() => Task.FromResult(new PieceSnapshot(_targets, Volatile.Read(ref _fetching), Volatile.Read(ref _done)));

    private Task RunAsync(BatchPiece piece, HashSet<int> skip)
    {
        var todo = piece.Targets.Where(t => !skip.Contains(t.Index)).ToList();
        _targets = todo.Count;
        _done = 0;
        // The job's slots on this silo are this run's (the grain's key is job/run/piece): a later run of the same job
        // file with other flags gets its own count.
        var key = this.GetPrimaryKeyString();
        var silo = slots.For(key[..key.LastIndexOf('/')], piece.SiloConcurrency);
        var lanes = new SemaphoreSlim(piece.Policy.PerHostConcurrency);
        var work = todo.Select(async t =>
        {
            await lanes.WaitAsync();
            try
            {
                await silo.WaitAsync();
                Interlocked.Increment(ref _fetching);
                try
                {
                    if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastCall)) < AbandonAfter)
                    {
                        Finish(await SampleAsync(t, piece.Policy));
                    }
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
        TargetResult result;
        var (attempts, started) = (0, (DateTimeOffset?)null);
        try
        {
            var sampled = await sampler.SampleAsync(ClusterTargets.ToTarget(item.Target), policy);
            (result, attempts, started) = (sampled.Result, sampled.Attempts, sampled.Started);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of Gleaner's on this target (or a rule this silo cannot compile): it still ends as a record,
            // named as such, and the piece goes on, as on one node.
            var target = new Target { Name = item.Target.Name, Url = item.Target.Url };
            result = TargetResult.NotFetched(target, Outcome.Internal, $"{e.GetType().Name}: {e.Message}", DateTimeOffset.UtcNow);
        }

        var record = new RunRecord(item.Index, item.Key, result, attempts) { Started = started };
        return new PieceRecord(item.Index, item.Key, result.Outcome.ToName(), result.Fetch.Timings.Total.TotalSeconds, ResultJson.Write(record), RuntimeIdentity);
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
