namespace Gleaner.Cluster.Watching;

/// <summary>
/// The database's watch tables hold no registry this Gleaner can use: another program's tables, or a registry written
/// by a newer Gleaner. Nothing was written to it.
/// </summary>
public sealed class WatchRegistryMismatchException : Exception
{
    /// <summary>A mismatch with no message.</summary>
    public WatchRegistryMismatchException()
    {
    }

    /// <summary>A mismatch described by <paramref name="message"/>, which names the database.</summary>
    public WatchRegistryMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>A mismatch described by <paramref name="message"/>, found through <paramref name="innerException"/>.</summary>
    public WatchRegistryMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
