namespace Gleaner.Cluster;

/// <summary>Why a host said wait instead of granting a lease.</summary>
public enum HostWait
{
    /// <summary>Not waiting: a lease was granted.</summary>
    None,

    /// <summary>As many fetches as the strictest policy allows are in flight.</summary>
    ConcurrencyFull,

    /// <summary>The delay since the last start (the job's, or the host's Crawl-delay) has not passed.</summary>
    Delay,

    /// <summary>The host asked for time (429 or 503 with Retry-After).</summary>
    PushedBack,

    /// <summary>The host is down: its circuit breaker is open until the time given.</summary>
    CircuitOpen,

    /// <summary>Another fetch holds the duty to fetch the origin's robots.txt and has not reported yet.</summary>
    RobotsPending,

    /// <summary>robots.txt disallows the URL: the target ends robots_denied (<see cref="HostGrant.Denial"/> says why).</summary>
    RobotsDenied,
}
