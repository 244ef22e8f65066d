using Gleaner.Politeness.Robots;

namespace Gleaner.Tests.Politeness.Robots;

public class RobotsPatternTests
{
    [Theory]
    [InlineData("/fish", "/fish", true)]
    [InlineData("/fish", "/fish.html", true)]
    [InlineData("/fish", "/Fish", false)]
    [InlineData("/fish$", "/fish", true)]
    [InlineData("/fish$", "/fish/", false)]
    [InlineData("*", "/anything", true)]
    [InlineData("/*", "/", true)]
    [InlineData("/*.php$", "/a/b.php", true)]
    [InlineData("/*.php$", "/a/b.php?x", false)]
    [InlineData("/*.php$", "/a.php/b.php", true)]
    [InlineData("/fish*.php", "/fishheads/catfish.php?p", true)]
    [InlineData("/a*b*c", "/aXcXb", false)]
    [InlineData("/a*b*c", "/aXbXc", true)]
    [InlineData("/a**b", "/ab", true)]
    [InlineData("/a*$", "/a", true)]
    [InlineData("/a$b", "/a$b", true)]
    [InlineData("/a$b", "/a", false)]
    [InlineData("/*ab$", "/ab", true)]
    [InlineData("/*aba$", "/aba", true)]
    [InlineData("/*aa$", "/a", false)]
    [InlineData("$", "/", false)]
    [InlineData("/x/", "/x", false)]
    public void Matches_Wildcards(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, RobotsPattern.Matches(path, pattern));
    }

    [Theory]
    [InlineData("/a%2fb", "/a%2Fb")]
    [InlineData("/a%2Fb", "/a%2Fb")]
    [InlineData("/100%", "/100%")]
    [InlineData("/%zz%4", "/%zz%4")]
    [InlineData("/%e3%83%84", "/%E3%83%84")]
    public void NormalisePath_UppercasesEscapesOnly(string path, string expected)
    {
        Assert.Equal(expected, RobotsPattern.NormalisePath(path));
    }
}
