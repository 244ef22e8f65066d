namespace Gleaner.Cluster;

/// <summary>What a leased fetch saw, given back with the lease.</summary>
/// <param name="Outcome">The outcome's name (as in records: ok, http_status, connect_refused…).</param>
/// <param name="Status">The HTTP status, when a response came.</param>
/// <param name="RetryAfter">The response's Retry-After, when it sent one.</param>
/// <param name="HostDown">True when the failure says the host itself is unreachable (what counts toward the breaker).</param>
[GenerateSerializer, Immutable]
public sealed record FetchReport(
    [property: Id(0)] string Outcome,
    [property: Id(1)] int? Status,
    [property: Id(2)] TimeSpan? RetryAfter,
    [property: Id(3)] bool HostDown)
{
    /// <summary>With a lease granted to fetch robots.txt (<see cref="HostGrant.FetchRobots"/>): what it says.</summary>
    [Id(4)] public RobotsReport? Robots { get; init; }
}
