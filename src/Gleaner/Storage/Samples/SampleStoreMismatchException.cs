namespace Gleaner.Storage.Samples;

/// <summary>
/// A file given as a sample store is not one this Gleaner can use: not a SQLite database, someone else's database,
/// a run's state, or a store written by a newer Gleaner. Nothing was written to it.
/// </summary>
public sealed class SampleStoreMismatchException : Exception
{
    /// <summary>A mismatch with no message.</summary>
    public SampleStoreMismatchException()
    {
    }

    /// <summary>A mismatch described by <paramref name="message"/>, which names the file.</summary>
    public SampleStoreMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>A mismatch described by <paramref name="message"/>, found through <paramref name="innerException"/>.</summary>
    public SampleStoreMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
