namespace Gleaner.Cluster;

/// <summary>A batch piece's progress on its silo, for <c>status</c>.</summary>
/// <param name="Targets">Targets in the piece.</param>
/// <param name="Fetching">Targets being fetched or waiting for their host now.</param>
/// <param name="Finished">Targets finished by this activation (taken by the client or not).</param>
[GenerateSerializer, Immutable]
public sealed record PieceSnapshot([property: Id(0)] int Targets, [property: Id(1)] int Fetching, [property: Id(2)] int Finished);
