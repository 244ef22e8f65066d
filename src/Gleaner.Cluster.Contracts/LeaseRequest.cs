namespace Gleaner.Cluster;

/// <summary>
/// What a fetch asks of its host: the job's politeness for the host and how long it may hold the lease. Two jobs
/// that ask with different policies are both obeyed: the strictest wins (see <see cref="IHostGrain"/>).
/// </summary>
/// <param name="Concurrency">Fetches in flight at most on the host, as the asking job allows.</param>
/// <param name="Delay">Least time between two starts on the host, as the asking job (or the host's Crawl-delay) asks.</param>
/// <param name="Hold">How long the lease may be held before it is taken back: the fetch's total deadline plus a margin.</param>
/// <param name="MaxRetryAfter">The longest Retry-After this job honours: a longer one pushes the host back by this much.</param>
[GenerateSerializer, Immutable]
public sealed record LeaseRequest(
    [property: Id(0)] int Concurrency,
    [property: Id(1)] TimeSpan Delay,
    [property: Id(2)] TimeSpan Hold,
    [property: Id(3)] TimeSpan MaxRetryAfter)
{
    /// <summary>Up to this much more, drawn at random per start, between two starts (as one node's jitter).</summary>
    [Id(4)] public TimeSpan Jitter { get; init; }

    /// <summary>The URL to be fetched, when robots.txt is obeyed: the host answers for its origin's robots.txt first.</summary>
    [Id(5)] public Uri? RobotsUrl { get; init; }

    /// <summary>The product token robots.txt is read for (Gleaner's own unless the target names its crawler).</summary>
    [Id(6)] public string RobotsAgent { get; init; } = "Gleaner";
}
