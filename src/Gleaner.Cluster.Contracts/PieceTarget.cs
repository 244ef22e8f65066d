namespace Gleaner.Cluster;

/// <summary>One target of a batch piece: its place in the job, its resume key (<c>RunRecord.KeyFor</c>) and what to fetch.</summary>
[GenerateSerializer, Immutable]
public sealed record PieceTarget([property: Id(0)] int Index, [property: Id(1)] string Key, [property: Id(2)] ClusterTarget Target);
