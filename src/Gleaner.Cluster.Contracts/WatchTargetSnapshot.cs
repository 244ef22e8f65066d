namespace Gleaner.Cluster;

/// <summary>A watched target as its grain sees it.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Silo">The silo its activation runs on.</param>
/// <param name="Registered">False when the registry no longer has it (the grain is stopping).</param>
/// <param name="NextDue">When its next sample is due; null when it is stopped.</param>
/// <param name="LastDue">The due time of its last sample kept; null before the first.</param>
/// <param name="Taken">Samples this activation took.</param>
[GenerateSerializer, Immutable]
public sealed record WatchTargetSnapshot(
    [property: Id(0)] string Target,
    [property: Id(1)] string Silo,
    [property: Id(2)] bool Registered,
    [property: Id(3)] DateTimeOffset? NextDue,
    [property: Id(4)] DateTimeOffset? LastDue,
    [property: Id(5)] int Taken)
{
    /// <summary>A sample is being taken (waiting for its host's lease, fetching, or being written).</summary>
    [Id(6)] public bool Sampling { get; init; }
}
