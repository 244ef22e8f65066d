using Gleaner.Fetching;
using Gleaner.Watching.Notifications;

namespace Gleaner.Tests.Watching.Notifications;

/// <summary>Which failed notifications are sent again, and after how long.</summary>
public class NotifyRetryTests
{
    private static readonly Uri Hook = new("http://127.0.0.1:9/hook");

    [Theory]
    [InlineData(0, 500)]
    [InlineData(1, 1_000)]
    [InlineData(4, 8_000)]
    [InlineData(8, 128_000)]
    [InlineData(9, 150_000)] // 2^9 s is over the 5 min cap: half of the cap
    [InlineData(30, 150_000)]
    public void Delay_WithoutRetryAfter_IsAFullJitterDrawUnderBaseTimesTwoToTheRetryCapped(int retry, int expectedMs)
    {
        var options = new NotifierOptions { Jitter = () => 0.5 };

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), NotifyRetry.Delay(Result(Outcome.HttpStatus, 503), retry, options));
    }

    [Fact]
    public void Delay_RetryAfter_IsWaitedExactlyAndNeverBelowZero()
    {
        var options = new NotifierOptions { Jitter = () => 0.5 };

        Assert.Equal(TimeSpan.FromSeconds(42), NotifyRetry.Delay(Result(Outcome.HttpStatus, 429) with { RetryAfter = TimeSpan.FromSeconds(42) }, 3, options));
        Assert.Equal(TimeSpan.Zero, NotifyRetry.Delay(Result(Outcome.HttpStatus, 503) with { RetryAfter = TimeSpan.FromSeconds(-5) }, 0, options));
        Assert.False(NotifyRetry.WaitsTooLong(Result(Outcome.HttpStatus, 429) with { RetryAfter = TimeSpan.FromMinutes(5) }, options));
        Assert.True(NotifyRetry.WaitsTooLong(Result(Outcome.HttpStatus, 429) with { RetryAfter = TimeSpan.FromMinutes(5.01) }, options));
    }

    [Theory]
    [InlineData(Outcome.ConnectRefused, null, true)]
    [InlineData(Outcome.Reset, null, true)]
    [InlineData(Outcome.ConnectTimeout, null, true)]
    [InlineData(Outcome.HeadersTimeout, null, true)]
    [InlineData(Outcome.Deadline, null, true)]
    [InlineData(Outcome.Stalled, null, true)]
    [InlineData(Outcome.LocalLimit, null, true)]
    [InlineData(Outcome.HttpStatus, 429, true)]
    [InlineData(Outcome.HttpStatus, 500, true)]
    [InlineData(Outcome.HttpStatus, 599, true)]
    [InlineData(Outcome.HttpStatus, 400, false)]
    [InlineData(Outcome.HttpStatus, 401, false)]
    [InlineData(Outcome.HttpStatus, 307, false)]
    [InlineData(Outcome.Blocked, null, false)]
    [InlineData(Outcome.Dns, null, false)]
    [InlineData(Outcome.Tls, null, false)]
    [InlineData(Outcome.TooLarge, null, false)]
    public void IsTransient_NamesWhatAnotherAttemptMayNotRepeat(Outcome outcome, int? status, bool transient)
    {
        Assert.Equal(transient, NotifyRetry.IsTransient(Result(outcome, status)));
    }

    private static FetchResult Result(Outcome outcome, int? status) =>
        new() { Url = Hook, FinalUrl = Hook, Outcome = outcome, Status = status, Error = "x" };
}
