using System.Text;
using Gleaner.Politeness.Robots;

namespace Gleaner.Tests.Politeness.Robots;

public class RobotsTxtSitemapTests
{
    [Fact]
    public void Sitemaps_AnywhereInTheFile_AreListedInOrder()
    {
        var robots = Parse(
            "Sitemap: https://example.com/a.xml\nUser-agent: *\nSitemap: https://example.com/b.xml\nDisallow: /x\n"
            + "User-agent: Gleaner\nsitemap:https://example.com/c.xml # the news\n");

        Assert.Equal(["https://example.com/a.xml", "https://example.com/b.xml", "https://example.com/c.xml"], robots.Sitemaps);
    }

    [Fact]
    public void Sitemaps_Duplicates_AreListedOnce()
    {
        var robots = Parse("Sitemap: https://example.com/a.xml\nSitemap: https://example.com/a.xml\n");

        Assert.Equal(["https://example.com/a.xml"], robots.Sitemaps);
    }

    [Fact]
    public void Sitemaps_EmptyValue_IsIgnored()
    {
        Assert.Empty(Parse("Sitemap:\nSitemap:   \n").Sitemaps);
    }

    [Fact]
    public void Sitemaps_InvalidUtf8_IsTolerated()
    {
        var robots = RobotsTxt.Parse([.. "Sitemap: https://example.com/"u8, 0xFF, .. ".xml\n"u8]);

        Assert.Equal(["https://example.com/\uFFFD.xml"], robots.Sitemaps);
    }

    [Fact]
    public void Sitemaps_DoNotEndAGroup()
    {
        var robots = Parse("User-agent: Gleaner\nSitemap: https://example.com/s.xml\nUser-agent: Other\nDisallow: /\n");

        Assert.False(robots.IsAllowed("Gleaner", "/page"));
    }

    [Fact]
    public void Sitemaps_OfAllowAllAndDisallowAll_AreEmpty()
    {
        Assert.Empty(RobotsTxt.AllowAll.Sitemaps);
        Assert.Empty(RobotsTxt.DisallowAll.Sitemaps);
    }

    private static RobotsTxt Parse(string text) => RobotsTxt.Parse(Encoding.UTF8.GetBytes(text));
}
