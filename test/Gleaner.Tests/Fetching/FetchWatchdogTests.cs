using Gleaner.Fetching;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Fetching;

public class FetchWatchdogTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TotalDeadline_Expires_CancelsWithDeadline()
    {
        using var watchdog = new FetchWatchdog(_time, new FetchLimits { TotalTimeout = TimeSpan.FromSeconds(10) }, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.False(watchdog.Token.IsCancellationRequested);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(watchdog.Token.IsCancellationRequested);
        Assert.Equal(Outcome.Deadline, watchdog.Reason!.Outcome);
    }

    [Fact]
    public void HeadersDeadline_RestartedWhenConnectionReady_CountsFromRestart()
    {
        using var watchdog = new FetchWatchdog(_time, new FetchLimits { HeadersTimeout = TimeSpan.FromSeconds(2), TotalTimeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);
        watchdog.StartHeaders();
        _time.Advance(TimeSpan.FromSeconds(1.5));
        watchdog.StartHeaders();
        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Null(watchdog.Reason);

        _time.Advance(TimeSpan.FromSeconds(0.5));

        Assert.Equal(Outcome.HeadersTimeout, watchdog.Reason!.Outcome);
    }

    [Theory]
    [InlineData(10_000, 10_000, -1)]
    [InlineData(10_000, 9_000, -1)]
    [InlineData(2_000, 10_000, 2_000)]
    [InlineData(9_999, 10_000, 9_999)]
    public void HeadersDueIn_NotBeforeTheTotalDeadline_IsNotArmed(int headersMs, int remainingMs, int expectedMs) =>
        Assert.Equal(
            expectedMs < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(expectedMs),
            FetchWatchdog.HeadersDueIn(TimeSpan.FromMilliseconds(headersMs), TimeSpan.FromMilliseconds(remainingMs)));

    [Fact]
    public void HeadersReceived_StopsTheHeadersDeadline()
    {
        using var watchdog = new FetchWatchdog(_time, new FetchLimits { HeadersTimeout = TimeSpan.FromSeconds(2), TotalTimeout = TimeSpan.FromMinutes(1) }, CancellationToken.None);
        watchdog.StartHeaders();
        _time.Advance(TimeSpan.FromSeconds(1));
        watchdog.HeadersReceived();
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(watchdog.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1), watchdog.HeadersElapsed);
    }

    [Fact]
    public void StallGuard_FewerBytesThanRuleInAWindow_FailsAsStalled()
    {
        var limits = new FetchLimits { Stall = new StallRule(2048, TimeSpan.FromSeconds(5)), TotalTimeout = TimeSpan.FromMinutes(1) };
        using var watchdog = new FetchWatchdog(_time, limits, CancellationToken.None);
        watchdog.StartBody();

        watchdog.OnBytes(4096);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(watchdog.Reason);

        watchdog.OnBytes(2047);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(Outcome.Stalled, watchdog.Reason!.Outcome);
        Assert.Contains("2047 bytes arrived in 5s", watchdog.Reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StallGuard_Off_NeverFires()
    {
        var limits = new FetchLimits { Stall = StallRule.Off, TotalTimeout = TimeSpan.FromMinutes(1) };
        using var watchdog = new FetchWatchdog(_time, limits, CancellationToken.None);
        watchdog.StartBody();
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Null(watchdog.Reason);
    }

    [Fact]
    public void Fail_FirstReasonWins()
    {
        using var watchdog = new FetchWatchdog(_time, FetchLimits.Default, CancellationToken.None);
        watchdog.Fail(Outcome.Tls, "first");
        watchdog.Fail(Outcome.Deadline, "second");
        Assert.Equal(Outcome.Tls, watchdog.Reason!.Outcome);
    }

    [Fact]
    public void CallerCancel_CancelsTokenWithoutReason()
    {
        using var caller = new CancellationTokenSource();
        using var watchdog = new FetchWatchdog(_time, FetchLimits.Default, caller.Token);
        caller.Cancel();
        Assert.True(watchdog.Token.IsCancellationRequested);
        Assert.Null(watchdog.Reason);
    }
}
