namespace Gleaner.Cluster;

/// <summary>The job's politeness and retry settings, as a fetch grain applies them (the run settings' names).</summary>
[GenerateSerializer, Immutable]
public sealed record ClusterPolicy(
    [property: Id(0)] int PerHostConcurrency,
    [property: Id(1)] TimeSpan PerHostDelay,
    [property: Id(2)] int Retries,
    [property: Id(3)] TimeSpan MaxRetryAfter,
    [property: Id(4)] bool KeyByRegistrableDomain)
{
    /// <summary>Up to this much more, at random, between two starts on a host (the run settings' jitter).</summary>
    [Id(5)] public TimeSpan PerHostJitter { get; init; }

    /// <summary>Whether robots.txt is obeyed (the run settings' RespectRobots; on unless turned off).</summary>
    [Id(6)] public bool RespectRobots { get; init; } = true;
}
