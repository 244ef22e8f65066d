using System.Text;

namespace Gleaner.Jobs;

/// <summary>
/// A job file or URL list that cannot be used. Carries the problems found, sorted by position: all of them, or
/// <see cref="JobFileLimits.MaxProblems"/> of which the last says where reading stopped. Nothing in the file runs.
/// </summary>
public sealed class JobFileException : Exception
{
    /// <summary>The most problems listed in <see cref="Exception.Message"/>; <see cref="Errors"/> has them all.</summary>
    public const int MaxListedErrors = 1000;

    /// <summary>Creates the exception for <paramref name="errors"/>, at least one.</summary>
    public JobFileException(IReadOnlyList<JobError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    /// <summary>The problems, sorted by line and column.</summary>
    public IReadOnlyList<JobError> Errors { get; }

    private static string Format(IReadOnlyList<JobError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A job file exception needs at least one error.", nameof(errors));
        }

        var text = new StringBuilder();
        for (var i = 0; i < errors.Count && i < MaxListedErrors; i++)
        {
            text.Append(i == 0 ? "" : "\n").Append(errors[i]);
        }

        if (errors.Count > MaxListedErrors)
        {
            text.Append($"\n… and {errors.Count - MaxListedErrors} more problems");
        }

        return text.ToString();
    }
}
