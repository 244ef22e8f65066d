using Gleaner.Engine;
using Gleaner.Fetching;
using Gleaner.Targets;

namespace Gleaner.Tests.Engine;

public class RetryDelaysTests
{
    private static TargetResult Result(Outcome outcome, int? status = null, TimeSpan? retryAfter = null)
    {
        var target = new Target { Name = "t", Url = new Uri("http://example.com/") };
        var fetch = new FetchResult { Url = target.Url, FinalUrl = target.Url, Outcome = outcome, Status = status, RetryAfter = retryAfter };
        return new TargetResult { Target = target, Fetch = fetch, Outcome = outcome };
    }

    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 250)]
    [InlineData(2, 500)]
    [InlineData(3, 1_000)]
    [InlineData(10, 10_000)]
    public void Next_TransientFailure_FullJitterUnderTheExponentialCeiling(int attemptsSoFar, int ceilingMs)
    {
        for (var i = 0; i < 200; i++)
        {
            var delay = RetryDelays.Next(Result(Outcome.Reset), attemptsSoFar, maxAttempts: 20, Cap);
            Assert.NotNull(delay);
            Assert.InRange(delay.Value, TimeSpan.Zero, TimeSpan.FromMilliseconds(ceilingMs));
        }
    }

    [Fact]
    public void Next_RetryAfterWithinCap_IsHonouredExactly() =>
        Assert.Equal(TimeSpan.FromSeconds(7), RetryDelays.Next(Result(Outcome.HttpStatus, 503, TimeSpan.FromSeconds(7)), 1, 3, Cap));

    [Fact]
    public void Next_RetryAfterBeyondCap_IsNotRetried() =>
        Assert.Null(RetryDelays.Next(Result(Outcome.HttpStatus, 429, TimeSpan.FromSeconds(31)), 1, 3, Cap));

    [Theory]
    [InlineData(Outcome.NoMatch, null)]
    [InlineData(Outcome.Blocked, null)]
    [InlineData(Outcome.HttpStatus, 404)]
    public void Next_NotTransient_IsNotRetried(Outcome outcome, int? status) =>
        Assert.Null(RetryDelays.Next(Result(outcome, status), 1, 3, Cap));

    [Fact]
    public void Next_AttemptsUsedUp_IsNotRetried() =>
        Assert.Null(RetryDelays.Next(Result(Outcome.Reset), 3, 3, Cap));
}
