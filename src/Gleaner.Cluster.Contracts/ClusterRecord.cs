namespace Gleaner.Cluster;

/// <summary>How a target ended on a silo: the fields of a run's record that cross the wire.</summary>
/// <param name="Name">The target's name.</param>
/// <param name="Outcome">The outcome's name.</param>
/// <param name="Status">The HTTP status, when a response came.</param>
/// <param name="RawValue">The extracted text, when extraction matched.</param>
/// <param name="Value">The validated value in invariant text; null unless ok.</param>
/// <param name="Error">What went wrong, in one line; null when ok.</param>
/// <param name="Attempts">Fetch attempts made.</param>
/// <param name="Silo">The silo that fetched.</param>
[GenerateSerializer, Immutable]
public sealed record ClusterRecord(
    [property: Id(0)] string Name,
    [property: Id(1)] string Outcome,
    [property: Id(2)] int? Status,
    [property: Id(3)] string? RawValue,
    [property: Id(4)] string? Value,
    [property: Id(5)] string? Error,
    [property: Id(6)] int Attempts,
    [property: Id(7)] string Silo);
