namespace Gleaner.Cluster;

/// <summary>A finished target of a piece: the run record as <c>gleaner run</c> writes it (one JSON line), with what the client tallies.</summary>
/// <param name="Index">The target's place in the job.</param>
/// <param name="Key">Its resume key.</param>
/// <param name="Outcome">The outcome's name.</param>
/// <param name="Seconds">The fetch's total time.</param>
/// <param name="Json">The record, exactly as one node writes it.</param>
/// <param name="Silo">The silo that fetched it.</param>
[GenerateSerializer, Immutable]
public sealed record PieceRecord(
    [property: Id(0)] int Index,
    [property: Id(1)] string Key,
    [property: Id(2)] string Outcome,
    [property: Id(3)] double Seconds,
    [property: Id(4)] string Json,
    [property: Id(5)] string Silo);
