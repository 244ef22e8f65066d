using System.Collections.Concurrent;
using Gleaner.Records;

namespace Gleaner.Cli.Run;

/// <summary>What a run has done so far: counts by outcome, rate and the slowest hosts. Thread-safe.</summary>
internal sealed class RunTally(int total, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private readonly ConcurrentDictionary<Outcome, int> _byOutcome = new();
    private readonly ConcurrentDictionary<string, (double TotalSeconds, int Count)> _byHost = new(StringComparer.OrdinalIgnoreCase);
    private int _done;

    public int Total { get; } = total;

    public int Done => Volatile.Read(ref _done);

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    public double Rate => Done / Math.Max(Elapsed.TotalSeconds, 0.001);

    public TimeSpan? Eta => Done == 0 ? null : TimeSpan.FromSeconds((Total - Done) / Rate);

    public void Add(RunRecord record)
    {
        _byOutcome.AddOrUpdate(record.Result.Outcome, 1, (_, n) => n + 1);
        var seconds = record.Result.Fetch.Timings.Total.TotalSeconds;
        _byHost.AddOrUpdate(record.Result.Target.Url.Authority, (seconds, 1), (_, v) => (v.TotalSeconds + seconds, v.Count + 1));
        Interlocked.Increment(ref _done);
    }

    /// <summary>Outcome counts, most frequent first, ok first among equals.</summary>
    public IReadOnlyList<(Outcome Outcome, int Count)> ByOutcome() =>
        [.. _byOutcome.Select(kv => (kv.Key, kv.Value)).OrderByDescending(x => x.Value).ThenBy(x => x.Key)];

    public int Failures => _byOutcome.Where(kv => kv.Key != Outcome.Ok).Sum(kv => kv.Value);

    /// <summary>The hosts with the highest mean fetch time.</summary>
    public IReadOnlyList<(string Host, TimeSpan Mean, int Count)> SlowestHosts(int count) =>
        [.. _byHost.Select(kv => (kv.Key, TimeSpan.FromSeconds(kv.Value.TotalSeconds / kv.Value.Count), kv.Value.Count))
            .OrderByDescending(x => x.Item2).Take(count)];
}
