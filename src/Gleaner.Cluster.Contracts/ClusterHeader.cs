namespace Gleaner.Cluster;

/// <summary>A request header a target sends: never a secret one (those do not cross the silo network).</summary>
[GenerateSerializer, Immutable]
public sealed record ClusterHeader([property: Id(0)] string Name, [property: Id(1)] string Value);
