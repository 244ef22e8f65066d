using Gleaner.Fetching.Proxies;

namespace Gleaner.Tests.Fetching.Proxies;

/// <summary>Proxy URLs and the proxy environment variables, read as curl reads them.</summary>
public sealed class ProxySettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private static string? ProxyFor(ProxySettings? settings, string url) => settings?.For(new Uri(url))?.ToString();

    [Theory]
    [InlineData("proxy.corp.example:3128", "http://proxy.corp.example:3128")]
    [InlineData("http://proxy.corp.example", "http://proxy.corp.example:1080")]
    [InlineData("http://proxy.corp.example:80", "http://proxy.corp.example:80")]
    [InlineData("HTTP://Proxy.Corp.Example:8080/", "http://proxy.corp.example:8080")]
    [InlineData("socks5://127.0.0.1", "socks5://127.0.0.1:1080")]
    [InlineData("socks5h://[::1]:9050", "socks5h://[::1]:9050")]
    public void TryParse_ProxyUrl_ReadsSchemeHostAndPortAsCurlDoes(string text, string expected)
    {
        Assert.True(ProxyServer.TryParse(text, out var proxy, out var problem), problem);
        Assert.Equal(expected, proxy.ToString());
    }

    [Fact]
    public void TryParse_Credentials_ArePercentDecodedAndNeverShown()
    {
        Assert.True(ProxyServer.TryParse("http://scraper%40corp:p%3Ass@proxy.example:3128", out var proxy, out _));

        Assert.Equal(("scraper@corp", "p:ss"), (proxy.UserName, proxy.Password));
        Assert.Equal("http://proxy.example:3128", proxy.ToString());
        Assert.DoesNotContain("p:ss", new ProxySettings { Http = proxy }.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://user:s3cret@proxy.example:443", "a https:// proxy is not supported; use http://, socks5:// or socks5h://")]
    [InlineData("socks4://user:s3cret@proxy.example", "a socks4:// proxy is not supported; use http://, socks5:// or socks5h://")]
    [InlineData("http://user:s3cret@proxy.example:3128/path", "a proxy URL names a host and port only, with no path, query or fragment")]
    [InlineData("http://user:s3cret@", "expected a proxy URL such as http://proxy.example:3128 or socks5://proxy.example:1080")]
    public void TryParse_NotAProxyUrl_SaysWhyWithoutQuotingIt(string text, string expected)
    {
        Assert.False(ProxyServer.TryParse(text, out _, out var problem));
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void FromEnvironment_UppercaseHttpProxy_IsIgnoredAsCurlIgnoresIt()
    {
        var settings = ProxySettings.FromEnvironment(Env(("HTTP_PROXY", "http://cgi-injected:1"), ("HTTPS_PROXY", "http://corp:3128")), out var problems);

        Assert.Empty(problems);
        Assert.Null(ProxyFor(settings, "http://weather.example/"));
        Assert.Equal("http://corp:3128", ProxyFor(settings, "https://weather.example/"));
    }

    [Fact]
    public void FromEnvironment_LowercaseWinsAndAllProxyFillsIn()
    {
        var settings = ProxySettings.FromEnvironment(
            Env(("https_proxy", "http://lower:1"), ("HTTPS_PROXY", "http://upper:2"), ("ALL_PROXY", "socks5h://all:3")), out _);

        Assert.Equal("http://lower:1", ProxyFor(settings, "https://weather.example/"));
        Assert.Equal("socks5h://all:3", ProxyFor(settings, "http://weather.example/"));
    }

    [Fact]
    public void FromEnvironment_NothingSet_IsNull()
    {
        Assert.Null(ProxySettings.FromEnvironment(Env(("NO_PROXY", "*"), ("https_proxy", "")), out var problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void FromEnvironment_BadValue_NamesTheVariableNotTheValue()
    {
        ProxySettings.FromEnvironment(Env(("HTTPS_PROXY", "ftp://user:s3cret@proxy")), out var problems);

        Assert.Equal(["HTTPS_PROXY (in the environment): a ftp:// proxy is not supported; use http://, socks5:// or socks5h://"], problems);
    }

    [Theory]
    [InlineData("example.com", "http://example.com/", true)]
    [InlineData("example.com", "http://www.example.com/", true)]
    [InlineData(".example.com", "http://example.com/", true)]
    [InlineData(".example.com", "http://a.b.example.com/", true)]
    [InlineData("example.com", "http://notexample.com/", false)]
    [InlineData("EXAMPLE.com", "http://Www.Example.COM/", true)]
    [InlineData("example.com:8080", "http://example.com/", true)]
    [InlineData("*", "http://anything.example/", true)]
    [InlineData("a.example, *.b.example", "http://x.a.example/", true)]
    [InlineData("10.0.0.0/8", "http://10.1.2.3/", true)]
    [InlineData("10.0.0.0/8", "http://11.1.2.3/", false)]
    [InlineData("192.168.1.7", "http://192.168.1.7:8080/", true)]
    [InlineData("::1", "http://[::1]/", true)]
    [InlineData("[fd00::]/8", "http://[fd12::1]/", true)]
    [InlineData("localhost", "http://127.0.0.1/", false)]
    [InlineData("", "http://example.com/", false)]
    public void Bypass_NoProxyEntry_MatchesAsCurlDoes(string noProxy, string url, bool direct)
    {
        Assert.Equal(direct, ProxyBypass.Parse(noProxy).Matches(new Uri(url)));
    }

    [Fact]
    public void Through_OneProxyForEveryScheme_KeepsTheEnvironmentsNoProxy()
    {
        Assert.True(ProxyServer.TryParse("proxy.example:3128", out var proxy, out _));
        var settings = ProxySettings.Through(proxy, Env(("no_proxy", ".internal.example")));

        Assert.Equal("http://proxy.example:3128", ProxyFor(settings, "http://weather.example/"));
        Assert.Equal("http://proxy.example:3128", ProxyFor(settings, "https://weather.example/"));
        Assert.Null(ProxyFor(settings, "https://wiki.internal.example/"));
        Assert.Equal(settings, ProxySettings.Through(proxy, Env(("NO_PROXY", ".internal.example"))));
    }
}
