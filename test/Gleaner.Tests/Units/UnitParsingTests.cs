using Gleaner.Fetching;
using Gleaner.Units;

namespace Gleaner.Tests.Units;

public class UnitParsingTests
{
    [Theory]
    [InlineData("2MiB", 2L << 20)]
    [InlineData("500KiB", 500L << 10)]
    [InlineData("64KB", 64_000)]
    [InlineData("1.5MiB", 1572864)]
    [InlineData("1048576", 1048576)]
    [InlineData(" 10 B ", 10)]
    public void ByteSize_Parse_AcceptsUserSpellings(string text, long expected) =>
        Assert.Equal(expected, ByteSize.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("-1MiB")]
    [InlineData("2 MeB")]
    [InlineData("lots")]
    public void ByteSize_TryParse_RejectsNonSizes(string text)
    {
        Assert.False(ByteSize.TryParse(text, out _, out var problem));
        Assert.Contains(text.Trim().Length == 0 ? "is not a size" : text, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1.5s", 1_500)]
    public void Duration_Parse_AcceptsUserSpellings(string text, double ms) =>
        Assert.Equal(TimeSpan.FromMilliseconds(ms), Duration.Parse(text));

    [Theory]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("ten seconds")]
    [InlineData("-5s")]
    public void Duration_TryParse_RejectsNonDurations(string text) =>
        Assert.False(Duration.TryParse(text, out _, out _));

    [Fact]
    public void StallRule_Parse_ReadsSizePerWindow()
    {
        Assert.True(StallRule.TryParse("2KiB/5s", out var rule, out _));
        Assert.Equal(new StallRule(2048, TimeSpan.FromSeconds(5)), rule);
        Assert.Equal("2KiB/5s", rule.ToString());
        Assert.True(StallRule.TryParse("off", out var off, out _));
        Assert.False(off.IsEnabled);
        Assert.False(StallRule.TryParse("2KiB", out _, out var problem));
        Assert.Contains("SIZE/DURATION", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FetchLimits_Validate_NamesTheFieldOutOfRange()
    {
        var e = Assert.Throws<ArgumentException>(() => new FetchLimits { MaxRedirects = -1 }.Validate());
        Assert.Contains("max_redirects", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new FetchLimits { TotalTimeout = TimeSpan.Zero }.Validate());
        Assert.StartsWith("timeout", e.Message, StringComparison.Ordinal);
    }
}
