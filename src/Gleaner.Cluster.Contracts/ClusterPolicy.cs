namespace Gleaner.Cluster;

/// <summary>The job's politeness and retry settings, as a fetch grain applies them (the run settings' names).</summary>
[GenerateSerializer, Immutable]
public sealed record ClusterPolicy(
    [property: Id(0)] int PerHostConcurrency,
    [property: Id(1)] TimeSpan PerHostDelay,
    [property: Id(2)] int Retries,
    [property: Id(3)] TimeSpan MaxRetryAfter,
    [property: Id(4)] bool KeyByRegistrableDomain);
