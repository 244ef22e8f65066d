namespace Gleaner.Cluster;

/// <summary>
/// What a target grain needs to sample a watched target wherever it is activated: the target, its schedule, how long
/// its history is kept, its change threshold, the list it belongs to and the list's politeness. Kept in the cluster's
/// registry, so a target grain that comes back on another silo reads it there.
/// </summary>
/// <param name="List">The watch list that registered it (its job file's name unless given).</param>
/// <param name="Target">The target.</param>
/// <param name="Schedule">When it is due.</param>
/// <param name="Policy">The list's politeness and retries.</param>
[GenerateSerializer, Immutable]
public sealed record WatchTarget(
    [property: Id(0)] string List,
    [property: Id(1)] ClusterTarget Target,
    [property: Id(2)] ClusterSchedule Schedule,
    [property: Id(3)] ClusterPolicy Policy)
{
    /// <summary>How long its samples and events are kept; null keeps them for good.</summary>
    [Id(4)] public TimeSpan? Keep { get; init; }

    /// <summary>A numeric value counts as changed only when it moves by more than this.</summary>
    [Id(5)] public double? Threshold { get; init; }

    /// <summary>The most of the list's fetches one silo runs at once (the list's --concurrency, one node's global bound).</summary>
    [Id(6)] public int SiloConcurrency { get; init; } = 256;
}
