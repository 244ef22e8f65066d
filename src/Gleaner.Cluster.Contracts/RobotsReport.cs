namespace Gleaner.Cluster;

/// <summary>
/// What a silo found when its lease carried the duty to fetch an origin's robots.txt (see
/// <see cref="HostGrant.FetchRobots"/>). Exactly one of <see cref="Text"/>, <see cref="Unreachable"/> and
/// <see cref="Local"/> is set.
/// </summary>
/// <param name="Origin">scheme://host[:port] the robots.txt is of.</param>
/// <param name="Agent">The product token the rules are read for (Gleaner's own unless the target names its crawler).</param>
/// <param name="Text">The rules to obey: the file's first 500 KiB, or empty when it allows everything (4xx, not text).</param>
/// <param name="Unreachable">The outcome's name when it could not be reached: everything is disallowed for an hour.</param>
/// <param name="Local">The outcome's name when this silo could not ask (a limit of its own, a bug): nothing is kept.</param>
/// <param name="Error">The fetch's error message behind <see cref="Unreachable"/> or <see cref="Local"/>.</param>
[GenerateSerializer, Immutable]
public sealed record RobotsReport(
    [property: Id(0)] string Origin,
    [property: Id(1)] string Agent,
    [property: Id(2)] string? Text,
    [property: Id(3)] string? Unreachable,
    [property: Id(4)] string? Local,
    [property: Id(5)] string? Error);
