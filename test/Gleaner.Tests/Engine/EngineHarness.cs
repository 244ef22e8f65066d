using System.Net;
using Gleaner.Engine;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Records;
using Gleaner.Targets;

namespace Gleaner.Tests.Engine;

/// <summary>
/// Targets and fetchers for engine tests: many host names (h0.test, h1.test, …) that all resolve to one loopback
/// server, so one Kestrel serves a run of many hosts; and a counter of requests in flight.
/// </summary>
internal static class EngineHarness
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Named hosts resolve to loopback, which needs allow_private.</summary>
    public static readonly FetchLimits Limits = new() { TotalTimeout = TimeSpan.FromSeconds(5), AllowPrivate = true };

    public static Fetcher LoopbackFetcher(int maxIdle = 512) => new(new FetcherOptions
    {
        Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Loopback }),
        MaxIdleConnections = maxIdle,
    });

    public static Target Page(Uri url, FetchLimits? limits = null) => new()
    {
        Name = url.ToString(),
        Url = url,
        Extract = ExtractionChain.Of(ExtractionRules.Compile("regex", @"(-?\d+)")),
        Limits = limits ?? Limits,
    };

    /// <summary>One target per host h0.test … h{count-1}.test on the server's port, at <paramref name="path"/>.</summary>
    public static List<Target> OnePerHost(LoopbackServer server, int count, string path = "/page") =>
        [.. Enumerable.Range(0, count).Select(i => Page(new Uri($"http://h{i}.test:{server.BaseUri.Port}{path}")))];

    public static Task<List<RunRecord>> RunAll(RunEngine engine, IReadOnlyList<Target> targets) => RunUntil(engine, targets, Ct);

    public static async Task<List<RunRecord>> RunUntil(RunEngine engine, IReadOnlyList<Target> targets, CancellationToken stop)
    {
        var records = new List<RunRecord>();
        await foreach (var record in engine.RunAsync(targets, null, stop))
        {
            records.Add(record);
        }

        return records;
    }
}

/// <summary>Counts requests a server is handling, and the most it ever handled at once.</summary>
internal sealed class InFlight
{
    private int _now;
    private int _peak;
    private int _total;

    public int Peak => Volatile.Read(ref _peak);

    public int Total => Volatile.Read(ref _total);

    public int Now => Volatile.Read(ref _now);

    public IDisposable Enter()
    {
        Interlocked.Increment(ref _total);
        var now = Interlocked.Increment(ref _now);
        int seen;
        while ((seen = Volatile.Read(ref _peak)) < now && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }

        return new Exit(this);
    }

    private sealed class Exit(InFlight owner) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref owner._now);
    }
}
