using System.Diagnostics;
using Gleaner.Cluster.Fetching;
using Gleaner.Engine;
using Gleaner.Records;
using Gleaner.Targets;

namespace Gleaner.Cluster.Batches;

/// <summary>What a batch on the cluster did beyond its records.</summary>
/// <param name="Pieces">Pieces the pending targets were split into.</param>
/// <param name="Retries">Calls to a piece that failed (its silo died or did not answer) and were made again.</param>
public sealed record BatchSummary(int Pieces, int Retries);

/// <summary>
/// The client's side of <c>cluster run</c>: splits the targets not yet done into pieces by host, hands each to a
/// piece grain (placed at random across the silos), and takes their records as they finish, each exactly once.
/// </summary>
/// <remarks>
/// Exactly once: each target is in one piece; a record is handed to <c>onRecord</c> only when its piece has not had
/// its index yet, and the grain keeps a record until a later call says the client has it. So a lost answer is
/// answered again, a piece re-activated after its silo died runs only the targets the client lacks, and a record
/// that comes twice is dropped here by its index. A silo's death costs at most one extra fetch per target in
/// flight there, and the detection time before its pieces go on elsewhere.
/// </remarks>
public sealed class ClusterBatch(IGrainFactory grains, string job, RunSettings settings)
{
    /// <summary>A piece holds at most this many targets (of one host).</summary>
    public const int MaxPieceSize = 100;

    /// <summary>How long the client waits after a failed call before asking that piece again.</summary>
    public static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    /// <summary>The longest a call for records waits for one to finish.</summary>
    public static readonly TimeSpan CallWindow = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A call that has not answered by then is given up and made again: a call in transit through a silo that died
    /// would otherwise wait for Orleans' response timeout (30 s). The grain keeps what it would have answered.
    /// </summary>
    public static readonly TimeSpan CallDeadline = CallWindow + TimeSpan.FromSeconds(3);

    private int _retries;

    /// <summary>
    /// How long a piece may go without answering before the run gives up with <see cref="ClusterUnreachableException"/>
    /// (the cluster is gone, or a silo died and is never declared dead): far above the failure detection a silo's death
    /// takes (10–15 s measured), so only a cluster that stays away ends the run.
    /// </summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Told when a piece stops answering (which, why) and when it answers again (after how long).</summary>
    public Action<string>? OnRetry { get; init; }

    /// <summary>
    /// Runs the <paramref name="targets"/> of the job (their positions are their indexes) whose keys are not in
    /// <paramref name="done"/> on <paramref name="silos"/> silos, and hands each finished one to
    /// <paramref name="onRecord"/>, once, one at a time.
    /// </summary>
    public async Task<BatchSummary> RunAsync(
        IReadOnlyList<Target> targets, IReadOnlySet<string> done, int silos, Func<PieceRecord, ValueTask> onRecord, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(onRecord);
        var policy = ClusterTargets.PolicyOf(settings);
        var pending = targets.Select((t, i) => (Target: t, Index: i, Key: RunRecord.KeyFor(i, t)))
            .Where(p => !done.Contains(p.Key))
            .Select(p => new PieceTarget(p.Index, p.Key, ClusterTargets.FromTarget(p.Target)))
            .ToList();
        var pieces = Split(pending, Math.Max(1, silos), policy)
            .Select(p => new BatchPiece(p, policy, settings.Concurrency))
            .ToList();
        // Records reach onRecord one at a time, from whichever piece they come.
        var gate = new SemaphoreSlim(1, 1);
        // One piece in flight holds at most the host's concurrency of fetches: enough pieces to fill every silo.
        var inFlight = Math.Max(1, settings.Concurrency * Math.Max(1, silos) / Math.Max(1, settings.PerHostConcurrency));
        var run = Guid.NewGuid().ToString("N");
        await Parallel.ForEachAsync(
            pieces.Select((piece, n) => (piece, n)),
            new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                var grain = grains.GetGrain<IBatchPieceGrain>($"{job}/{run}/{item.n}");
                await TakeAllAsync(grain, item.piece, item.n, gate, onRecord, token);
            });
        return new BatchSummary(pieces.Count, _retries);
    }

    private async Task TakeAllAsync(IBatchPieceGrain grain, BatchPiece piece, int n, SemaphoreSlim gate,
        Func<PieceRecord, ValueTask> onRecord, CancellationToken cancellationToken)
    {
        var mine = new HashSet<int>(piece.Targets.Count);
        long? failingSince = null;
        while (mine.Count < piece.Targets.Count)
        {
            IReadOnlyList<PieceRecord> records;
            try
            {
                records = await grain.TakeAsync(piece, [.. mine], CallWindow).WaitAsync(CallDeadline, cancellationToken);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _retries);
                if (failingSince is null)
                {
                    failingSince = Stopwatch.GetTimestamp();
                    OnRetry?.Invoke($"piece {n} ({mine.Count} of {piece.Targets.Count} targets done) did not answer: {Describe(e)}; asking again every {RetryPause.TotalSeconds:0} s");
                }
                else if (Stopwatch.GetElapsedTime(failingSince.Value) >= GiveUpAfter)
                {
                    throw new ClusterUnreachableException(
                        $"piece {n} has not answered for {GiveUpAfter.TotalSeconds:0} s (last: {Describe(e)})", e);
                }

                await Task.Delay(RetryPause, cancellationToken);
                continue;
            }

            if (failingSince is { } since)
            {
                OnRetry?.Invoke($"piece {n} answered again after {Stopwatch.GetElapsedTime(since).TotalSeconds:0.0} s");
                failingSince = null;
            }

            foreach (var record in records)
            {
                if (!mine.Add(record.Index))
                {
                    continue;
                }

                await gate.WaitAsync(CancellationToken.None);
                try
                {
                    await onRecord(record);
                }
                finally
                {
                    gate.Release();
                }
            }
        }
    }

    // One line: Orleans' messages carry the inner exception's text and stack.
    private static string Describe(Exception e)
    {
        var message = e.GetBaseException().Message;
        var line = message.IndexOfAny(['\r', '\n']) is var end and >= 0 ? message[..end] : message;
        return $"{e.GetType().Name}: {line}";
    }

    /// <summary>Pieces of one host's targets each, in job order; small enough that every silo gets several.</summary>
    private static IEnumerable<List<PieceTarget>> Split(List<PieceTarget> pending, int silos, ClusterPolicy policy)
    {
        var size = Math.Clamp((pending.Count + 4 * silos - 1) / (4 * silos), 1, MaxPieceSize);
        var keyOf = HostKeys.For(policy.KeyByRegistrableDomain);
        return pending.GroupBy(p => keyOf(p.Target.Url), StringComparer.Ordinal).SelectMany(host => host.Chunk(size).Select(c => c.ToList()));
    }
}
