using Microsoft.Extensions.Logging;

// Each line's arguments are escaped inside its own IsEnabled check, which the analyzer does not follow.
#pragma warning disable CA1873

namespace Gleaner.Watching;

/// <summary>
/// A watch's log lines. Names from a job file and text from the network or the store are escaped here
/// (<see cref="DisplayText.Escape"/>), once a line is wanted; no header value is ever logged.
/// </summary>
internal static partial class WatchLog
{
    public static void SampleLate(ILogger logger, string target, DateTimeOffset due, TimeSpan lateness)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            SampleLateLine(logger, DisplayText.Escape(target), due, lateness);
        }
    }

    public static void StoreWriteFailed(ILogger logger, Exception failure)
    {
        if (logger.IsEnabled(LogLevel.Error))
        {
            StoreWriteFailedLine(logger, failure.GetType().Name, DisplayText.Escape(failure.Message));
        }
    }

    /// <summary><paramref name="message"/> is already escaped, and names the endpoint's origin only.</summary>
    public static void NotificationGivenUp(ILogger logger, string message)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            NotificationGivenUpLine(logger, message);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, SkipEnabledCheck = true,
        Message = "Sample of {Target} due {Due:o} started {Lateness} late")]
    private static partial void SampleLateLine(ILogger logger, string target, DateTimeOffset due, TimeSpan lateness);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, SkipEnabledCheck = true,
        Message = "The sample store could not be written ({Exception}: {Error}); the watch stops")]
    private static partial void StoreWriteFailedLine(ILogger logger, string exception, string error);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, SkipEnabledCheck = true,
        Message = "Notification given up: {Failure}")]
    private static partial void NotificationGivenUpLine(ILogger logger, string failure);
}
