using System.Text;
using Gleaner.Politeness.Robots;

namespace Gleaner.Tests.Politeness.Robots;

public class RobotsTxtTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/anything?at=all")]
    [InlineData("")]
    public void AllowAll_AnyPath_IsAllowed(string path)
    {
        Assert.True(RobotsTxt.AllowAll.IsAllowed("Gleaner", path));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/anything?at=all")]
    [InlineData("")]
    [InlineData("*")]
    public void DisallowAll_AnyPath_IsDisallowed(string path)
    {
        Assert.False(RobotsTxt.DisallowAll.IsAllowed("Gleaner", path));
    }

    [Theory]
    [InlineData("/robots.txt")]
    [InlineData("/robots.txt?v=2")]
    public void RobotsTxtItself_IsAlwaysAllowed(string path)
    {
        Assert.True(RobotsTxt.DisallowAll.IsAllowed("Gleaner", path));
        Assert.True(Parse("User-agent: *\nDisallow: /\n").IsAllowed("Gleaner", path));
    }

    [Fact]
    public void IsAllowed_EmptyFile_AllowsEverything()
    {
        Assert.True(RobotsTxt.Parse([]).IsAllowed("Gleaner", "/x"));
    }

    [Fact]
    public void IsAllowed_EmptyDisallow_AllowsEverything()
    {
        Assert.True(Parse("User-agent: *\nDisallow:\n").IsAllowed("Gleaner", "/x"));
    }

    [Fact]
    public void IsAllowed_GroupsForTheSameAgent_AreMerged()
    {
        var robots = Parse("User-agent: Gleaner\nDisallow: /a\n\nUser-agent: Other\nDisallow: /\n\nUser-agent: gleaner\nDisallow: /b\n");

        Assert.False(robots.IsAllowed("Gleaner", "/a"));
        Assert.False(robots.IsAllowed("Gleaner", "/b"));
        Assert.True(robots.IsAllowed("Gleaner", "/c"));
    }

    [Fact]
    public void IsAllowed_SpecificGroup_ReplacesStarGroup()
    {
        var robots = Parse("User-agent: *\nDisallow: /\n\nUser-agent: Gleaner\nDisallow: /private\n");

        Assert.True(robots.IsAllowed("Gleaner", "/public"));
        Assert.False(robots.IsAllowed("Gleaner", "/private/x"));
        Assert.False(robots.IsAllowed("Other", "/public"));
    }

    [Theory]
    [InlineData("Gleaner/1.0")]
    [InlineData("Gleaner Bot")]
    [InlineData("")]
    public void IsAllowed_UserAgentThatIsNotAToken_ObeysOnlyTheStarGroup(string userAgent)
    {
        var robots = Parse("User-agent: Gleaner\nAllow: /\n\nUser-agent: *\nDisallow: /\n");

        Assert.False(robots.IsAllowed(userAgent, "/page"));
    }

    [Fact]
    public void IsAllowed_UserAgentLineWithVersion_NamesTheProductToken()
    {
        var robots = Parse("User-agent: Gleaner/2.1 (+https://example.com)\nDisallow: /\n");

        Assert.False(robots.IsAllowed("gleaner", "/page"));
    }

    [Fact]
    public void IsAllowed_RuleBeforeAnyUserAgent_IsIgnored()
    {
        Assert.True(Parse("Disallow: /\nUser-agent: Other\nDisallow: /\n").IsAllowed("Gleaner", "/page"));
    }

    [Theory]
    [InlineData("/a%2fb", false)]
    [InlineData("/a%2Fb", false)]
    [InlineData("/a/b", true)]
    public void IsAllowed_PercentEscapes_CompareWithHexCaseIgnored(string path, bool allowed)
    {
        var robots = Parse("User-agent: *\nDisallow: /a%2fb\n");

        Assert.Equal(allowed, robots.IsAllowed("Gleaner", path));
    }

    [Fact]
    public void IsAllowed_NonAsciiRule_MatchesTheEncodedPath()
    {
        var robots = Parse("User-agent: *\nDisallow: /café\n");

        Assert.False(robots.IsAllowed("Gleaner", "/caf%C3%A9/menu"));
        Assert.False(robots.IsAllowed("Gleaner", "/caf%c3%a9/menu"));
        Assert.True(robots.IsAllowed("Gleaner", "/cafe"));
    }

    [Fact]
    public void IsAllowed_InvalidUtf8InRule_IsEscapedOctetByOctet()
    {
        var robots = RobotsTxt.Parse([.. "User-agent: *\nDisallow: /x"u8, 0xFF, 0xC3, .. "\n"u8]);

        Assert.False(robots.IsAllowed("Gleaner", "/x%FF%C3"));
        Assert.True(robots.IsAllowed("Gleaner", "/x"));
    }

    [Theory]
    [InlineData("dissallow")]
    [InlineData("dissalow")]
    [InlineData("disalow")]
    [InlineData("diasllow")]
    [InlineData("disallaw")]
    public void IsAllowed_DisallowTyposGoogleAccepts_AreDisallow(string key)
    {
        Assert.False(Parse($"user-agent: *\n{key}: /x\n").IsAllowed("Gleaner", "/x"));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void IsAllowed_AnyLineEnd_SeparatesLines(string end)
    {
        var robots = Parse($"User-agent: *{end}Disallow: /x{end}Allow: /x/y");

        Assert.False(robots.IsAllowed("Gleaner", "/x"));
        Assert.True(robots.IsAllowed("Gleaner", "/x/y"));
    }

    [Fact]
    public void Parse_RulesBeyond500KiB_AreIgnored()
    {
        var head = "User-agent: *\nDisallow: /early\n";
        var filler = new string('#', (500 * 1024) - head.Length - 1) + "\n";
        var robots = Parse(head + filler + "Disallow: /late\n");

        Assert.False(robots.IsAllowed("Gleaner", "/early"));
        Assert.True(robots.IsAllowed("Gleaner", "/late"));
    }

    [Fact]
    public void Parse_RuleEndingExactlyAt500KiB_IsKept()
    {
        var head = "User-agent: *\n";
        var rule = "Disallow: /last\n";
        var filler = new string('#', (500 * 1024) - head.Length - rule.Length - 1) + "\n";
        var robots = Parse(head + filler + rule + "Disallow: /beyond\n");

        Assert.False(robots.IsAllowed("Gleaner", "/last"));
        Assert.True(robots.IsAllowed("Gleaner", "/beyond"));
    }

    [Fact]
    public void Parse_LineCutBy500KiB_IsDropped()
    {
        // Cut at the limit, "Allow: /private/reports" would become the broader "Allow: /pri".
        var head = "User-agent: *\nDisallow: /\n";
        var filler = new string('#', (500 * 1024) - head.Length - 11) + "\n";
        var robots = Parse(head + filler + "Allow: /private/reports\n");

        Assert.False(robots.IsAllowed("Gleaner", "/pri"));
    }

    [Fact]
    public void Parse_HugeInput_ReadsOnlyTheLimit()
    {
        var content = new byte[50 * 1024 * 1024];
        content.AsSpan().Fill((byte)'a');

        var robots = RobotsTxt.Parse(content);

        Assert.True(robots.IsAllowed("Gleaner", "/"));
        Assert.Equal(0, robots.Stats.KnownDirectives + robots.Stats.UnknownDirectives);
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrows()
    {
        var random = new Random(9309);
        var alphabet = "User-agent:*Disallow:Allow:/$%#\r\n \tCrawl-delay:1.5Sitemap:ab\u00e9"u8.ToArray();
        for (var i = 0; i < 2_000; i++)
        {
            var content = new byte[random.Next(0, 400)];
            for (var j = 0; j < content.Length; j++)
            {
                content[j] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            var robots = RobotsTxt.Parse(content);
            _ = robots.IsAllowed("Gleaner", "/a%2f$*b?c");
            _ = robots.CrawlDelay("Gleaner");
            _ = robots.Sitemaps.Count;
        }
    }

    [Fact]
    public void IsAllowed_PathologicalWildcards_AreLinear()
    {
        var robots = Parse("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*b\nAllow: /*a*a*a*a*a*a*a*a*a*a*a*a*c$\n");
        var path = "/" + new string('a', 10_000);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(robots.IsAllowed("Gleaner", path));
        }

        Assert.False(robots.IsAllowed("Gleaner", path + "b"));
        // 100 checks of a 10 KB path: microseconds each when linear, minutes for a backtracking matcher.
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void IsAllowed_ManyLongWildcardRules_StayBounded()
    {
        var text = new StringBuilder("User-agent: *\n");
        for (var i = 0; i < 200; i++)
        {
            text.Append("Disallow: /").Append(string.Concat(Enumerable.Repeat("*a", 40))).Append("*b\n");
        }

        var robots = Parse(text.ToString());
        var path = "/" + new string('a', 10_000);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(robots.IsAllowed("Gleaner", path));
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void IsValidProductToken_FollowsRfc9309Grammar()
    {
        Assert.True(RobotsTxt.IsValidProductToken("Gleaner"));
        Assert.True(RobotsTxt.IsValidProductToken("my_crawler-x"));
        Assert.False(RobotsTxt.IsValidProductToken("Gleaner2"));
        Assert.False(RobotsTxt.IsValidProductToken("*"));
    }

    private static RobotsTxt Parse(string text) => RobotsTxt.Parse(Encoding.UTF8.GetBytes(text));
}
