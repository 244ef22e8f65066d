namespace Gleaner.Cluster;

/// <summary>
/// A piece of a batch: some targets of one host, the job's politeness, and the job's concurrency on each silo.
/// </summary>
/// <param name="Targets">The piece's targets.</param>
/// <param name="Policy">The job's per-host limits, retries and robots.txt setting.</param>
/// <param name="SiloConcurrency">The most of this job's fetches one silo runs at once (the run's --concurrency).</param>
[GenerateSerializer, Immutable]
public sealed record BatchPiece(
    [property: Id(0)] IReadOnlyList<PieceTarget> Targets,
    [property: Id(1)] ClusterPolicy Policy,
    [property: Id(2)] int SiloConcurrency);
