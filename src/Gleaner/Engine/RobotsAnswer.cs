using Gleaner.Politeness.Robots;

namespace Gleaner.Engine;

/// <summary>
/// What a run knows of one origin's robots.txt: its rules (2xx parsed; 4xx and non-text allow everything), or that
/// it was unreachable (RFC 9309 §2.3.1.4: assume complete disallow, and say why), or that it could not be asked
/// for a reason of this machine's (out of descriptors, a bug, a stop): then nothing is assumed or remembered, and
/// the target ends with that reason itself.
/// </summary>
internal sealed class RobotsAnswer
{
    private RobotsAnswer(string origin, RobotsTxt rules, Outcome? unreachable, Outcome? local, string? error)
    {
        At = DateTimeOffset.MinValue;
        Agent = RobotsCache.ProductToken;
        Origin = origin;
        Rules = rules;
        Unreachable = unreachable;
        Local = local;
        Error = error;
    }

    /// <summary>When it was fetched (by the cache's clock); kept answers are asked again after a while.</summary>
    public DateTimeOffset At { get; private init; }

    /// <summary>
    /// The product token the rules are read for: the one the fetch's User-Agent starts with (<c>Gleaner</c> for
    /// Gleaner's own), so a target that names itself obeys the group for its name.
    /// </summary>
    public string Agent { get; private init; }

    /// <summary>
    /// How a denial names the crawler: its product token, unless the User-Agent is secret, whose token is part of it
    /// and is never printed.
    /// </summary>
    public string ShownAgent { get; private init; } = RobotsCache.ProductToken;

    /// <summary>
    /// This answer, stamped with the time it was fetched and read for <paramref name="agent"/>; a
    /// <paramref name="secret"/> agent is named in a denial only as the target's User-Agent.
    /// </summary>
    public RobotsAnswer FetchedAt(DateTimeOffset at, string agent, bool secret = false) => new(Origin, Rules, Unreachable, Local, Error)
    {
        At = at,
        Agent = agent,
        ShownAgent = secret ? "the target's (secret) User-Agent" : agent,
    };

    /// <summary>scheme://host[:port] the answer is for.</summary>
    public string Origin { get; }

    public RobotsTxt Rules { get; }

    /// <summary>How fetching robots.txt failed, when it was unreachable (so everything is disallowed).</summary>
    public Outcome? Unreachable { get; }

    /// <summary>The local failure that kept robots.txt from being asked; such an answer is not kept.</summary>
    public Outcome? Local { get; }

    /// <summary>The fetch's error message behind <see cref="Unreachable"/> or <see cref="Local"/>.</summary>
    public string? Error { get; }

    /// <summary>Whether the answer may be remembered for the origin's other targets.</summary>
    public bool IsKept => Local is null;

    public static RobotsAnswer Of(string origin, RobotsTxt rules) => new(origin, rules, null, null, null);

    public static RobotsAnswer UnreachableBecause(string origin, Outcome outcome, string? error) =>
        new(origin, RobotsTxt.DisallowAll, outcome, null, error);

    public static RobotsAnswer NotAsked(string origin, Outcome outcome, string? error) =>
        new(origin, RobotsTxt.AllowAll, null, outcome, error);

    /// <summary>Why <paramref name="url"/> may not be fetched, or null when it may.</summary>
    public string? Denial(Uri url)
    {
        var path = url.PathAndQuery;
        if (Unreachable is { } outcome)
        {
            return $"robots.txt of {Origin} is unreachable ({outcome.ToName()}: {Error}), so {path} is treated as disallowed (RFC 9309)";
        }

        return Rules.IsAllowed(Agent, path) ? null : $"robots.txt of {Origin} disallows {path} for {(Agent.Length > 0 ? ShownAgent : "every crawler (*)")}";
    }
}
