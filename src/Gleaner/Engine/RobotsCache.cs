using System.Collections.Concurrent;
using System.Text;
using Gleaner.Fetching;
using Gleaner.Politeness.Robots;

namespace Gleaner.Engine;

/// <summary>
/// robots.txt for each origin of a run, fetched once (concurrent targets share the fetch) under the same limits
/// as any fetch plus a 500 KiB cap. RFC 9309: 2xx is parsed; 4xx allows everything; 5xx or an unreachable
/// server disallows everything.
/// </summary>
internal sealed class RobotsCache(Fetcher fetcher)
{
    /// <summary>The product token matched against User-agent lines.</summary>
    public const string ProductToken = "Gleaner";

    private const long MaxRobotsBytes = 500 << 10;
    private readonly ConcurrentDictionary<string, Lazy<Task<RobotsTxt>>> _byOrigin = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The robots.txt that governs <paramref name="url"/>.</summary>
    public Task<RobotsTxt> GetAsync(Uri url, FetchLimits limits, CancellationToken cancellationToken)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        var lazy = _byOrigin.GetOrAdd(origin, o => new Lazy<Task<RobotsTxt>>(() => FetchAsync(new Uri(o + "/robots.txt"), limits, cancellationToken)));
        return lazy.Value.WaitAsync(cancellationToken);
    }

    private async Task<RobotsTxt> FetchAsync(Uri robotsUrl, FetchLimits limits, CancellationToken cancellationToken)
    {
        var result = await fetcher.FetchAsync(
            robotsUrl, limits with { MaxBodyBytes = MaxRobotsBytes, MaxWireBytes = MaxRobotsBytes, MaxRedirects = Math.Min(limits.MaxRedirects, 5) }, cancellationToken);
        return result switch
        {
            { IsOk: true, Body: { } body } => RobotsTxt.Parse(Encoding.UTF8.GetBytes(body)),
            { Outcome: Outcome.HttpStatus, Status: >= 400 and < 500 } => RobotsTxt.AllowAll,
            // A robots.txt that is there but is not text says nothing a crawler can obey.
            { Outcome: Outcome.NotText or Outcome.Decode } => RobotsTxt.AllowAll,
            _ => RobotsTxt.DisallowAll,
        };
    }
}
