using Gleaner.Targets;

namespace Gleaner.Engine;

/// <summary>
/// When to try a transient failure again: exponential backoff with full jitter (a uniform delay between zero and
/// base × 2^attempt, capped), or the server's Retry-After when it sent one and it is within the cap.
/// </summary>
internal static class RetryDelays
{
    public static readonly TimeSpan Base = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(10);

    /// <summary>The delay before the next attempt, or null when the result must not be retried.</summary>
    public static TimeSpan? Next(TargetResult result, int attemptsSoFar, int maxAttempts, TimeSpan maxRetryAfter)
    {
        if (attemptsSoFar >= maxAttempts || !TransientOutcomes.IsTransient(result))
        {
            return null;
        }

        if (result.Fetch.RetryAfter is { } retryAfter)
        {
            return retryAfter <= maxRetryAfter ? (retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.Zero) : null;
        }

        var ceiling = Math.Min(Cap.TotalMilliseconds, Base.TotalMilliseconds * Math.Pow(2, attemptsSoFar - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}
