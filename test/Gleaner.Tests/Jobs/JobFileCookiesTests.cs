using Gleaner.Jobs;

namespace Gleaner.Tests.Jobs;

/// <summary><c>cookies</c> in a job file: off unless asked, on for every target from defaults, a target's own word last.</summary>
public class JobFileCookiesTests
{
    private static JobFile Parse(string yaml) => JobFileParser.Parse(yaml, "job.yaml", _ => null);

    [Fact]
    public void Parse_NoCookiesKey_KeepsNone()
    {
        var job = Parse("""
            targets:
              - { name: a, url: 'https://example.com/a' }
            """);

        Assert.False(job.Targets[0].Cookies);
    }

    [Fact]
    public void Parse_CookiesInDefaults_EveryTargetKeepsThem_UnlessItSaysNot()
    {
        var job = Parse("""
            defaults: { cookies: true }
            targets:
              - { name: a, url: 'https://example.com/a' }
              - { name: b, url: 'https://example.com/b', cookies: false }
            """);

        Assert.Equal([true, false], job.Targets.Select(t => t.Cookies));
    }

    [Fact]
    public void Parse_CookiesOnOneTarget_OnlyItKeepsThem()
    {
        var job = Parse("""
            targets:
              - { name: a, url: 'https://example.com/a', cookies: true }
              - { name: b, url: 'https://example.com/b' }
            """);

        Assert.Equal([true, false], job.Targets.Select(t => t.Cookies));
    }

    [Fact]
    public void Parse_CookiesNotABoolean_IsAnErrorAtItsPlace()
    {
        var e = Assert.Throws<JobFileException>(() => Parse("""
            defaults: { cookies: yes }
            targets:
              - { name: a, url: 'https://example.com/a', cookies: 1 }
            """));

        Assert.Equal(
            ["job.yaml:1:22: cookies: 'yes' is not true or false", "job.yaml:3:55: cookies: '1' is not true or false"],
            e.Errors.Select(error => error.ToString()));
    }
}
