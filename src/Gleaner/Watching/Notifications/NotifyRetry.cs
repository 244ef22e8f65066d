using Gleaner.Fetching;
using Polly;
using Polly.Retry;

namespace Gleaner.Watching.Notifications;

/// <summary>
/// When a notification is sent again (Polly's retry on the injected clock): after a transient failure, with
/// full-jitter exponential back-off, or after the endpoint's Retry-After when it is within the cap.
/// </summary>
internal static class NotifyRetry
{
    public static ResiliencePipeline<FetchResult> Pipeline(NotifierOptions options, TimeProvider time) =>
        new ResiliencePipelineBuilder<FetchResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<FetchResult>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r && IsTransient(r) && !WaitsTooLong(r, options)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(args.Outcome.Result!, args.AttemptNumber, options)),
            })
            .Build();

    /// <summary>
    /// The run's transient failures (refused, reset, connect or headers timeout, out of sockets, 429, 5xx), and also
    /// an endpoint that hung to the deadline or stalled: a notification is small, so that is the endpoint's state,
    /// not the size of what it sends.
    /// </summary>
    public static bool IsTransient(FetchResult result) => result.Outcome switch
    {
        Outcome.ConnectRefused or Outcome.Reset or Outcome.ConnectTimeout or Outcome.HeadersTimeout or Outcome.LocalLimit
            or Outcome.Deadline or Outcome.Stalled => true,
        Outcome.HttpStatus => result.Status is 429 or >= 500 and <= 599,
        _ => false,
    };

    /// <summary>True when the endpoint asks for a wait longer than the cap: honouring it is giving up.</summary>
    public static bool WaitsTooLong(FetchResult result, NotifierOptions options) => result.RetryAfter > options.MaxDelay;

    /// <summary>
    /// The wait before retry number <paramref name="retry"/> + 1 (0 for the first): the endpoint's Retry-After, else
    /// a uniform draw between zero and base × 2^retry, capped.
    /// </summary>
    public static TimeSpan Delay(FetchResult result, int retry, NotifierOptions options)
    {
        if (result.RetryAfter is { } asked)
        {
            return asked > TimeSpan.Zero ? asked : TimeSpan.Zero;
        }

        var ceiling = Math.Min(options.MaxDelay.TotalMilliseconds, options.BaseDelay.TotalMilliseconds * Math.Pow(2, retry));
        return TimeSpan.FromMilliseconds(options.Jitter() * ceiling);
    }
}
