namespace Gleaner.Storage;

/// <summary>
/// Where a run's records go (JSONL, CSV, SQLite), each as its canonical record JSON. A sink only appends, in the
/// order it is given, so that after any crash its content is a prefix of the state's records.
/// </summary>
internal interface IRecordSink : IAsyncDisposable
{
    /// <summary>
    /// Opens the output and repairs what a crash may have left (a torn last line is cut back to the last complete
    /// record); returns how many complete records the output already holds. Called once, before any write.
    /// </summary>
    Task<long> PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Appends one record, given as its one-line record JSON. It may sit in a buffer until the next flush.</summary>
    Task WriteAsync(string recordJson, CancellationToken cancellationToken);

    /// <summary>Hands buffered records to the operating system (no fsync: a killed process loses nothing flushed).</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
