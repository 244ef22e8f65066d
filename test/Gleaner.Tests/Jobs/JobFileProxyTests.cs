using Gleaner.Fetching;
using Gleaner.Jobs;

namespace Gleaner.Tests.Jobs;

/// <summary><c>proxy</c> in a job file: defaults, per target, <c>none</c>, <c>${NAME}</c> and the errors.</summary>
public sealed class JobFileProxyTests
{
    private static JobFile Parse(string yaml, Func<string, string?>? environment = null) =>
        JobFileParser.Parse(yaml, "job.yaml", environment ?? (_ => null));

    [Fact]
    public void Parse_NoProxyKey_LeavesTheDefaultForTheEnvironmentToFill()
    {
        var target = Assert.Single(Parse("targets:\n  - { name: a, url: 'https://a.example/' }\n").Targets);

        Assert.Same(ConnectionSettings.Default, target.Connection);
    }

    [Fact]
    public void Parse_DefaultsProxy_IsSharedByTargetsAndATargetMayOverrideIt()
    {
        var job = Parse("""
            defaults:
              proxy: http://proxy.example:3128
            targets:
              - { name: a, url: 'https://a.example/' }
              - { name: b, url: 'https://b.example/' }
              - { name: c, url: 'https://c.example/', proxy: none }
              - { name: d, url: 'https://d.example/', proxy: '' }
              - { name: e, url: 'https://e.example/', proxy: 'socks5://127.0.0.1:1080' }
            """);
        var t = job.Targets.ToDictionary(x => x.Name);

        Assert.Same(t["a"].Connection, t["b"].Connection);
        Assert.Equal("http://proxy.example:3128", t["a"].Connection.Proxy!.Https!.ToString());
        Assert.Equal(Gleaner.Fetching.Proxies.ProxySettings.Direct, t["c"].Connection.Proxy);
        Assert.Equal(Gleaner.Fetching.Proxies.ProxySettings.Direct, t["d"].Connection.Proxy);
        Assert.Equal("socks5://127.0.0.1:1080", t["e"].Connection.Proxy!.Http!.ToString());
    }

    [Fact]
    public void Parse_BadProxies_AreEachAnErrorThatNeverQuotesTheUrl()
    {
        var e = Assert.Throws<JobFileException>(() => Parse("""
            targets:
              - { name: a, url: 'https://a.example/', proxy: 'https://me:s3cret@proxy.example' }
              - { name: b, url: 'https://b.example/', proxy: 'http://me:${NOPE}@proxy.example' }
              - { name: c, url: 'https://c.example/', proxy: { url: x } }
            """));

        Assert.Equal(
            [
                "job.yaml:2:50: proxy: a https:// proxy is not supported; use http://, socks5:// or socks5h://",
                "job.yaml:3:50: proxy: the environment variable NOPE is not set",
                "job.yaml:4:50: proxy: expected a proxy URL such as http://proxy.example:3128, or none, not a mapping",
            ],
            e.Errors.Select(error => error.ToString()));
        Assert.DoesNotContain(e.Errors, error => error.ToString().Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MisspeltProxyKey_SuggestsProxy()
    {
        var e = Assert.Throws<JobFileException>(() => Parse("defaults:\n  proxi: http://p.example\ntargets:\n  - { name: a, url: 'https://a.example/' }\n"));

        Assert.Contains("'proxy'", Assert.Single(e.Errors).ToString(), StringComparison.Ordinal);
    }
}
