using Gleaner.Fetching;

namespace Gleaner.Tests.Fetching;

public class FetchLimitsTests
{
    private static readonly FetchLimits Bad = new()
    {
        TotalTimeout = TimeSpan.FromDays(60),
        DnsTimeout = TimeSpan.Zero,
        MaxBodyBytes = 0,
        MaxRedirects = -1,
        Stall = new StallRule(1024, TimeSpan.FromDays(2)),
    };

    [Fact]
    public void Validate_SeveralFieldsOutOfRange_NamesEveryOne()
    {
        var error = Assert.Throws<ArgumentException>(() => Bad.Validate());

        Assert.Equal(
            "dns timeout must be between 1ms and 1h, not 00:00:00; "
            + "timeout must be between 1ms and 1h, not 60.00:00:00; "
            + "stall must be off or a size per window of 1ms to 1h, not 1024 bytes per 2.00:00:00; "
            + "max_bytes must be between 1 and 1GiB, not 0; "
            + "max_redirects must be between 0 and 100, not -1",
            error.Message);
    }

    [Fact]
    public async Task FetchAsync_LimitsOutOfRange_ThrowsNamingThemBeforeAnyTimerOrRequest()
    {
        // A 60-day deadline is beyond what a timer takes: without validation it threw from the timer, outside the
        // fetch's error handling, with a message about the timer rather than the limit.
        using var fetcher = new Fetcher();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            fetcher.FetchAsync(new Uri("http://127.0.0.1:9/"), Bad, TestContext.Current.CancellationToken));

        Assert.StartsWith("dns timeout must be between 1ms and 1h, not 00:00:00; timeout must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_AreValid() => Assert.Same(FetchLimits.Default, FetchLimits.Default.Validate());
}
