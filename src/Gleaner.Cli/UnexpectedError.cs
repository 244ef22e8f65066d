namespace Gleaner.Cli;

/// <summary>
/// What the user sees when a command ends with an exception no command expected: one line (what failed, with the
/// file it names) and an exit code; the trace only when asked for (--verbose or GLEANER_VERBOSE=1).
/// </summary>
internal static class UnexpectedError
{
    /// <summary>Prints <paramref name="e"/> and returns the exit code: 74 for a file that could not be written, else 70.</summary>
    public static int Report(Exception e, bool verbose, TextWriter? to = null)
    {
        var error = to ?? Console.Error;
        error.WriteLine(Line(e));
        if (verbose)
        {
            // The trace keeps its lines; anything else that would act on a terminal is escaped.
            error.WriteLine(DisplayText.Escape(e.ToString()).Replace("\\x0a", "\n", StringComparison.Ordinal));
        }

        return IoFailure(e) is null ? ExitCodes.Internal : ExitCodes.IoError;
    }

    /// <summary>The one line for <paramref name="e"/>.</summary>
    internal static string Line(Exception e)
    {
        var hint = "run again with --verbose for the details";
        if (IoFailure(e) is { } io)
        {
            // The system's own message names the file ("No space left on device : '/data/out.jsonl'").
            return $"gleaner: a file could not be written or read: {DisplayText.Escape(io.Message.Trim())}";
        }

        return $"gleaner: internal error: {e.GetType().Name}: {DisplayText.Escape(e.Message.Trim())} (a bug in Gleaner; {hint})";
    }

    private static Exception? IoFailure(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is IOException or UnauthorizedAccessException)
            {
                return inner;
            }
        }

        return null;
    }
}
