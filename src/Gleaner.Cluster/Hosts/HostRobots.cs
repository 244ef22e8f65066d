using System.Text;
using Gleaner.Engine;
using Gleaner.Politeness.Robots;

namespace Gleaner.Cluster.Hosts;

/// <summary>
/// The robots.txt answers of one host key's origins, per origin and product token, kept as one node's
/// <see cref="RobotsCache"/> keeps them (24 h, 1 h when unreachable), and who holds the duty to fetch one not known
/// yet: one lease per origin at a time, so the cluster asks each robots.txt once. Not thread-safe (its grain's turns).
/// </summary>
internal sealed class HostRobots(TimeProvider time)
{
    private readonly Dictionary<string, RobotsAnswer> _answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Guid> _duties = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The Crawl-delay the host's answers ask for, capped at <see cref="RunEngine.MaxCrawlDelay"/>; raised, never lowered.</summary>
    public TimeSpan CrawlDelay { get; private set; }

    /// <summary>What robots.txt says of <paramref name="url"/> for <paramref name="agent"/>, or that it must be fetched (or is being).</summary>
    public RobotsState Ask(Uri url, string agent, out RobotsAnswer? answer)
    {
        var key = KeyOf(url.GetLeftPart(UriPartial.Authority), agent);
        if (_answers.TryGetValue(key, out answer))
        {
            if (!IsStale(answer))
            {
                return RobotsState.Known;
            }

            _answers.Remove(key);
            answer = null;
        }

        return _duties.ContainsKey(key) ? RobotsState.Pending : RobotsState.Unknown;
    }

    /// <summary>The lease <paramref name="lease"/> fetches <paramref name="url"/>'s robots.txt for <paramref name="agent"/>.</summary>
    public void Assign(Uri url, string agent, Guid lease) => _duties[KeyOf(url.GetLeftPart(UriPartial.Authority), agent)] = lease;

    /// <summary>
    /// The lease <paramref name="lease"/> ended (released or taken back) with <paramref name="report"/> (null: it
    /// brought none): its duty ends, and an answer it brought is kept unless the silo could not ask.
    /// </summary>
    public void Ended(Guid lease, RobotsReport? report)
    {
        foreach (var (key, holder) in _duties)
        {
            if (holder == lease)
            {
                _duties.Remove(key);
            }
        }

        if (report is null || report.Local is not null)
        {
            return;
        }

        var answer = (report.Unreachable is { } name && OutcomeNames.TryParse(name, out var unreachable)
                ? RobotsAnswer.UnreachableBecause(report.Origin, unreachable, report.Error)
                : RobotsAnswer.Of(report.Origin, RobotsTxt.Parse(Encoding.UTF8.GetBytes(report.Text ?? string.Empty))))
            .FetchedAt(time.GetUtcNow(), report.Agent);
        _answers[KeyOf(report.Origin, report.Agent)] = answer;
        if (answer.Rules.CrawlDelay(answer.Agent) is { } asked)
        {
            var capped = asked < RunEngine.MaxCrawlDelay ? asked : RunEngine.MaxCrawlDelay;
            CrawlDelay = capped > CrawlDelay ? capped : CrawlDelay;
        }
    }

    private static string KeyOf(string origin, string agent) => $"{origin} {agent}";

    private bool IsStale(RobotsAnswer answer) =>
        time.GetUtcNow() - answer.At >= (answer.Unreachable is null ? RobotsCache.MaxAge : RobotsCache.MaxUnreachableAge);
}
