using System.Text;
using Gleaner.Politeness.Robots;

namespace Gleaner.Tests.Politeness.Robots;

public class RobotsTxtCrawlDelayTests
{
    [Theory]
    [InlineData("10", 10_000)]
    [InlineData("0.5", 500)]
    [InlineData("2.", 2_000)]
    [InlineData(".25", 250)]
    [InlineData("0", 0)]
    [InlineData("  7  ", 7_000)]
    [InlineData("3 # seconds", 3_000)]
    public void CrawlDelay_PlainNumber_IsSeconds(string value, int milliseconds)
    {
        var robots = Parse($"User-agent: *\nCrawl-delay: {value}\n");

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), robots.CrawlDelay("Gleaner"));
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("fast")]
    [InlineData("10s")]
    [InlineData("1e3")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("")]
    [InlineData("1 2")]
    public void CrawlDelay_Nonsense_IsIgnored(string value)
    {
        var robots = Parse($"User-agent: *\nCrawl-delay: {value}\nDisallow: /x\n");

        Assert.Null(robots.CrawlDelay("Gleaner"));
        Assert.False(robots.IsAllowed("Gleaner", "/x"));
    }

    [Theory]
    [InlineData("86401")]
    [InlineData("99999999999999999999999")]
    public void CrawlDelay_OverOneDay_IsCappedToOneDay(string value)
    {
        Assert.Equal(TimeSpan.FromDays(1), Parse($"User-agent: *\nCrawl-delay: {value}\n").CrawlDelay("Gleaner"));
    }

    [Fact]
    public void CrawlDelay_SpecificGroup_WinsOverStar()
    {
        var robots = Parse("User-agent: *\nCrawl-delay: 30\n\nUser-agent: gleaner\nCrawl-delay: 2\nDisallow: /private\n");

        Assert.Equal(TimeSpan.FromSeconds(2), robots.CrawlDelay("Gleaner"));
        Assert.Equal(TimeSpan.FromSeconds(30), robots.CrawlDelay("OtherBot"));
    }

    [Fact]
    public void CrawlDelay_SpecificGroupWithoutOne_IsNullEvenIfStarHasOne()
    {
        // The group that applies is Gleaner's; the * group's delay is not inherited.
        var robots = Parse("User-agent: *\nCrawl-delay: 30\nDisallow: /x\n\nUser-agent: Gleaner\nDisallow: /y\n");

        Assert.Null(robots.CrawlDelay("Gleaner"));
    }

    [Fact]
    public void CrawlDelay_WrittenForTheAgentAbove_DoesNotSpreadToTheNextUserAgentLine()
    {
        // Only a rule ends the user-agent lines of a group, so SlowBot and * share the Disallow; the delay, though,
        // was written under SlowBot alone.
        var robots = Parse("User-agent: SlowBot\nCrawl-delay: 600\n\nUser-agent: *\nDisallow: /private\n");

        Assert.Equal(TimeSpan.FromMinutes(10), robots.CrawlDelay("SlowBot"));
        Assert.Null(robots.CrawlDelay("Gleaner"));
        Assert.False(robots.IsAllowed("SlowBot", "/private"));
    }

    [Fact]
    public void CrawlDelay_SharedUserAgentLines_ApplyToEach()
    {
        var robots = Parse("User-agent: a\nUser-agent: gleaner\nCrawl-delay: 4\nDisallow: /\n");

        Assert.Equal(TimeSpan.FromSeconds(4), robots.CrawlDelay("a"));
        Assert.Equal(TimeSpan.FromSeconds(4), robots.CrawlDelay("GLEANER"));
        Assert.Null(robots.CrawlDelay("b"));
    }

    [Fact]
    public void CrawlDelay_SeveralForOneAgent_TakesTheLongest()
    {
        var robots = Parse("User-agent: Gleaner\nCrawl-delay: 5\nDisallow: /a\n\nUser-agent: Gleaner\nCrawl-delay: 8\nCrawl-delay: 1\n");

        Assert.Equal(TimeSpan.FromSeconds(8), robots.CrawlDelay("Gleaner"));
    }

    [Fact]
    public void CrawlDelay_SpaceBeforeColonAndAnyCase_IsRead()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), Parse("User-Agent: *\nCRAWL-DELAY : 60\n").CrawlDelay("Gleaner"));
    }

    [Fact]
    public void CrawlDelay_BeforeAnyUserAgent_BelongsToNoGroup()
    {
        Assert.Null(Parse("Crawl-delay: 5\nUser-agent: *\nDisallow: /x\n").CrawlDelay("Gleaner"));
    }

    [Fact]
    public void CrawlDelay_None_IsNull()
    {
        Assert.Null(Parse("User-agent: *\nDisallow: /\n").CrawlDelay("Gleaner"));
        Assert.Null(RobotsTxt.AllowAll.CrawlDelay("Gleaner"));
        Assert.Null(RobotsTxt.DisallowAll.CrawlDelay("Gleaner"));
    }

    private static RobotsTxt Parse(string text) => RobotsTxt.Parse(Encoding.UTF8.GetBytes(text));
}
