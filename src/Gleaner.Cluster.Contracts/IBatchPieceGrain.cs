namespace Gleaner.Cluster;

/// <summary>
/// Runs one piece of a batch on whichever silo it lands on (placed at random, so pieces spread across silos) and
/// hands its records to the client. A record stays with the grain until the client says it has it, so a lost answer
/// loses nothing; a record the client has twice is dropped there by its index. When the grain's silo dies, the
/// client's next call activates the piece elsewhere, and it runs the targets the client does not have yet.
/// </summary>
public interface IBatchPieceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts <paramref name="piece"/> (unless it runs already) and returns its finished records that are not in
    /// <paramref name="received"/> (target indexes the client holds) as soon as there is one, or an empty list when
    /// <paramref name="within"/> passes first. Targets in <paramref name="received"/> are not fetched.
    /// </summary>
    Task<IReadOnlyList<PieceRecord>> TakeAsync(BatchPiece piece, IReadOnlyList<int> received, TimeSpan within);

    /// <summary>The piece's progress on this activation (all zero before its first call).</summary>
    Task<PieceSnapshot> SnapshotAsync();
}
