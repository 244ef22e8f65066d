namespace Gleaner.Cluster;

/// <summary>A host grain's state at one moment, for <c>status</c>.</summary>
/// <param name="Leases">Leases granted and not yet given back.</param>
/// <param name="Limit">The concurrency in force (the smallest among live leases' jobs), or null with none live.</param>
/// <param name="Waiting">Requests waiting in the grain for a lease.</param>
/// <param name="PushedUntil">The end of a Retry-After push-back still running, or null.</param>
/// <param name="OpenUntil">The end of an open circuit breaker, or null.</param>
[GenerateSerializer, Immutable]
public sealed record HostSnapshot(
    [property: Id(0)] int Leases,
    [property: Id(1)] int? Limit,
    [property: Id(2)] int Waiting,
    [property: Id(3)] DateTimeOffset? PushedUntil,
    [property: Id(4)] DateTimeOffset? OpenUntil);
