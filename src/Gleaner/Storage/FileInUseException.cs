namespace Gleaner.Storage;

/// <summary>
/// A run's state or output file is held by another run (or another process) right now: two writers would
/// duplicate or interleave records, so the second is refused before anything is fetched.
/// </summary>
public sealed class FileInUseException : IOException
{
    /// <summary>A refusal with no message.</summary>
    public FileInUseException()
    {
    }

    /// <summary>A refusal described by <paramref name="message"/>, which names the file and, where known, its holder.</summary>
    public FileInUseException(string message)
        : base(message)
    {
    }

    /// <summary>A refusal described by <paramref name="message"/>, found through <paramref name="innerException"/>.</summary>
    public FileInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
