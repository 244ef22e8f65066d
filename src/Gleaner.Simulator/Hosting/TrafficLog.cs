using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Gleaner.Simulator.Hosting;

/// <summary>
/// Counts the requests each server reads, by server, Host header and request target, so a test or a benchmark can
/// prove what reached the simulator (e.g. that no redirect ever led a client to the raw port or to "localhost").
/// Bounded: past <see cref="MaxKeys"/> distinct keys, the rest are counted under one overflow key.
/// </summary>
internal sealed class TrafficLog
{
    public const int MaxKeys = 10_000;
    public const string Kestrel = "kestrel";
    public const string Raw = "raw";
    public const string NoRequest = "(no request)";
    public const string Overflow = "(other)";

    private readonly ConcurrentDictionary<(string Server, string Host, string Target), StrongBox<int>> _counts = new();

    public void Record(string server, string host, string target)
    {
        var key = (server, host, target);
        if (!_counts.TryGetValue(key, out var count))
        {
            key = _counts.Count < MaxKeys ? key : (server, Overflow, Overflow);
            count = _counts.GetOrAdd(key, _ => new StrongBox<int>());
        }
        Interlocked.Increment(ref count.Value);
    }

    public IReadOnlyList<TrafficEntry> Snapshot() =>
        [.. _counts
            .Select(e => new TrafficEntry(e.Key.Server, e.Key.Host, e.Key.Target, Volatile.Read(ref e.Value.Value)))
            .OrderBy(e => e.Server, StringComparer.Ordinal)
            .ThenBy(e => e.Target, StringComparer.Ordinal)
            .ThenBy(e => e.Host, StringComparer.Ordinal)];
}
