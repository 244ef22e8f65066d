namespace Gleaner.Cluster;

/// <summary>What registering a watch list did: target names added, changed and removed, and how many stayed as they were.</summary>
[GenerateSerializer, Immutable]
public sealed record WatchRegistration(
    [property: Id(0)] IReadOnlyList<string> Added,
    [property: Id(1)] IReadOnlyList<string> Changed,
    [property: Id(2)] IReadOnlyList<string> Removed,
    [property: Id(3)] int Unchanged)
{
    /// <summary>Why nothing was registered (a name another list has, no store on the silos), or null.</summary>
    [Id(4)] public string? Refused { get; init; }
}
