using Gleaner.Engine;
using Gleaner.Fetching;
using Gleaner.Targets;

namespace Gleaner.Cluster.Fetching;

/// <summary>
/// What a silo does when its lease carries the duty to fetch an origin's robots.txt: fetches it as one node's
/// <see cref="RobotsCache"/> does (same limits, same reading of the result) and puts what it says on the wire for the
/// host grain, which keeps it for the cluster.
/// </summary>
internal static class RobotsDuty
{
    /// <summary>robots.txt of <paramref name="target"/>'s origin, asked with its User-Agent (Gleaner's own when it names none), and the fetch that brought it.</summary>
    public static async Task<(RobotsReport Report, FetchResult Fetch)> FetchAsync(Fetcher fetcher, Target target)
    {
        var origin = target.Url.GetLeftPart(UriPartial.Authority);
        // In flight, a fetch ends by its own deadlines (as on one node): no caller's token stops it half-way.
        var agent = RobotsIdentity.AgentFor(target, target.Url);
        var fetch = await RobotsCache.FetchFileAsync(fetcher, origin, target.Limits, agent, target.Connection, CancellationToken.None);
        var answer = RobotsCache.AnswerOf(origin, fetch);
        var report = new RobotsReport(
            origin,
            RobotsIdentity.TokenOf(agent),
            answer.Unreachable is null && answer.Local is null ? (fetch.IsOk ? fetch.Body ?? string.Empty : string.Empty) : null,
            answer.Unreachable?.ToName(),
            answer.Local?.ToName(),
            answer.Error);
        return (report, fetch);
    }
}
