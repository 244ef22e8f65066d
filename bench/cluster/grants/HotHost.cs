using System.Diagnostics;
using Gleaner.Cluster;

namespace GrantBench;

/// <summary>
/// Callers that each ask one host grain for a lease and give it straight back, as fast as they can: a fetch that takes
/// no time. The policy never makes anyone wait (concurrency far above the callers, no delay, robots off), so every
/// request is a lease and the grain's turns are the only limit.
/// </summary>
internal static class HotHost
{
    private static readonly LeaseRequest Ask = new(Concurrency: 1_000_000, Delay: TimeSpan.Zero, Hold: TimeSpan.FromMinutes(5), MaxRetryAfter: TimeSpan.Zero);
    private static readonly FetchReport Ok = new("ok", 200, RetryAfter: null, HostDown: false);

    /// <summary>Compiles the calls' paths (client, serializers, grain) before anything is timed.</summary>
    public static Task WarmUpAsync(IClusterClient client) =>
        HammerAsync(client, "warm-up", callers: 16, TimeSpan.FromSeconds(3), maxGrants: 50_000);

    public static async Task<HammerResult> HammerAsync(IClusterClient client, string hostKey, int callers, TimeSpan duration, int maxGrants)
    {
        var host = client.GetGrain<IHostGrain>(hostKey);
        await host.ReleaseAsync(Guid.Empty, Ok);   // activates the grain outside the timed part

        var granted = 0;
        var waits = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perCaller = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<long>();
            while (Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref granted) <= maxGrants)
            {
                var asked = Stopwatch.GetTimestamp();
                var grant = await host.RequestAsync(Ask);
                if (grant.LeaseId is not { } lease)
                {
                    Interlocked.Increment(ref waits);
                    Interlocked.Decrement(ref granted);
                    continue;
                }

                latencies.Add(Stopwatch.GetTimestamp() - asked);
                await host.ReleaseAsync(lease, Ok);
            }

            return latencies;
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var all = perCaller.SelectMany(l => l).Order().ToArray();
        return new HammerResult(callers, all.Length, waits, elapsed, cpu,
            Percentile(all, 0.50), Percentile(all, 0.99), Percentile(all, 1.0));
    }

    private static TimeSpan Percentile(long[] sorted, double q) =>
        sorted.Length == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)]);
}
