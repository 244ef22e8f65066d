using Microsoft.Extensions.Logging;

// Each line's arguments are escaped inside its own IsEnabled check, which the analyzer does not follow.
#pragma warning disable CA1873

namespace Gleaner.Engine;

/// <summary>
/// The engine's log lines. Names from a job file and text from the network are escaped here
/// (<see cref="DisplayText.Escape"/>), once a line is wanted; no header value is ever logged.
/// </summary>
internal static partial class EngineLog
{
    public static void RetryScheduled(ILogger logger, string target, string host, int attempt, TimeSpan delay, Outcome cause)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            RetryScheduledLine(logger, DisplayText.Escape(target), DisplayText.Escape(host), attempt, delay, cause.ToName());
        }
    }

    public static void BreakerOpened(ILogger logger, string host, TimeSpan breakDuration, Outcome? cause)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            BreakerOpenedLine(logger, DisplayText.Escape(host), breakDuration, cause?.ToName() ?? "an exception");
        }
    }

    public static void BreakerClosed(ILogger logger, string host)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            BreakerClosedLine(logger, DisplayText.Escape(host));
        }
    }

    public static void RobotsUnreachable(ILogger logger, string origin, Outcome outcome, string? error)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            RobotsUnreachableLine(logger, DisplayText.Escape(origin), outcome.ToName(), DisplayText.Escape(error ?? ""));
        }
    }

    public static void HostPushedBack(ILogger logger, string host, int status, DateTimeOffset until)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            HostPushedBackLine(logger, DisplayText.Escape(host), status, until);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, SkipEnabledCheck = true,
        Message = "Retry {Attempt} of {Target} on {Host} in {Delay} after {Outcome}")]
    private static partial void RetryScheduledLine(ILogger logger, string target, string host, int attempt, TimeSpan delay, string outcome);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, SkipEnabledCheck = true,
        Message = "Circuit breaker of {Host} opened for {BreakDuration} after {Outcome}: its targets fail fast meanwhile")]
    private static partial void BreakerOpenedLine(ILogger logger, string host, TimeSpan breakDuration, string outcome);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, SkipEnabledCheck = true, Message = "Circuit breaker of {Host} closed")]
    private static partial void BreakerClosedLine(ILogger logger, string host);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, SkipEnabledCheck = true,
        Message = "robots.txt of {Origin} unreachable ({Outcome}: {Error}); its targets wait until it is asked again")]
    private static partial void RobotsUnreachableLine(ILogger logger, string origin, string outcome, string error);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, SkipEnabledCheck = true,
        Message = "{Host} answered {Status}: left alone until {Until:o}")]
    private static partial void HostPushedBackLine(ILogger logger, string host, int status, DateTimeOffset until);
}
