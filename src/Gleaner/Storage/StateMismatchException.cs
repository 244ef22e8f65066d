namespace Gleaner.Storage;

/// <summary>
/// A state file or an output does not belong to the job being run: another job's state, a file that is not a
/// Gleaner state at all, or an output holding more records than the state knows of. Nothing was written.
/// </summary>
public sealed class StateMismatchException : Exception
{
    /// <summary>A mismatch with no message.</summary>
    public StateMismatchException()
    {
    }

    /// <summary>A mismatch described by <paramref name="message"/>, which names the files involved.</summary>
    public StateMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>A mismatch described by <paramref name="message"/>, found through <paramref name="innerException"/>.</summary>
    public StateMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
