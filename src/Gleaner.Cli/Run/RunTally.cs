using System.Runtime.InteropServices;
using Gleaner.Records;

namespace Gleaner.Cli.Run;

/// <summary>What a run has done so far: counts by outcome, rate and the slowest hosts. Thread-safe.</summary>
internal sealed class RunTally(int total, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    // Added to by the one loop that records, read by progress: a lock, held for a few instructions either way.
    private readonly Lock _gate = new();
    private readonly Dictionary<Outcome, int> _byOutcome = [];
    private readonly Dictionary<string, (double TotalSeconds, int Count)> _byHost = new(StringComparer.OrdinalIgnoreCase);
    private int _done;

    public int Total { get; } = total;

    public int Done => Volatile.Read(ref _done);

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    public double Rate => Done / Math.Max(Elapsed.TotalSeconds, 0.001);

    public TimeSpan? Eta => Done == 0 ? null : TimeSpan.FromSeconds((Total - Done) / Rate);

    public void Add(RunRecord record) => Add(record.Result.Outcome, record.Result.Target.Url.Authority, record.Result.Fetch.Timings.Total.TotalSeconds);

    /// <summary>A finished target: how it ended, its host (URL authority) and its fetch's total time.</summary>
    public void Add(Outcome outcome, string host, double seconds)
    {
        lock (_gate)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_byOutcome, outcome, out _)++;
            ref var stats = ref CollectionsMarshal.GetValueRefOrAddDefault(_byHost, host, out _);
            stats = (stats.TotalSeconds + seconds, stats.Count + 1);
        }

        Interlocked.Increment(ref _done);
    }

    /// <summary>Outcome counts, most frequent first, ok first among equals.</summary>
    public IReadOnlyList<(Outcome Outcome, int Count)> ByOutcome()
    {
        lock (_gate)
        {
            return [.. _byOutcome.Select(kv => (kv.Key, kv.Value)).OrderByDescending(x => x.Value).ThenBy(x => x.Key)];
        }
    }

    /// <summary>The hosts with the highest mean fetch time.</summary>
    public IReadOnlyList<(string Host, TimeSpan Mean, int Count)> SlowestHosts(int count)
    {
        lock (_gate)
        {
            return [.. _byHost.Select(kv => (kv.Key, TimeSpan.FromSeconds(kv.Value.TotalSeconds / kv.Value.Count), kv.Value.Count))
                .OrderByDescending(x => x.Item2).Take(count)];
        }
    }
}
