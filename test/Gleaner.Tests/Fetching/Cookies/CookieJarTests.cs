using Gleaner.Fetching.Cookies;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Fetching.Cookies;

/// <summary>
/// The jar's rules, on a fake clock: RFC 6265 scoping (host-only, Domain, Path, Secure), expiry by Max-Age and
/// Expires, the Public Suffix List, the prefixes, and the caps that keep a hostile server from growing it.
/// </summary>
public sealed class CookieJarTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);

    private static Uri U(string url) => new(url);

    private CookieJar Jar(string url, params string[] fields)
    {
        var jar = new CookieJar(_time);
        foreach (var field in fields)
        {
            jar.Receive(U(url), field);
        }

        return jar;
    }

    [Fact]
    public void HeaderFor_HostOnlyCookie_GoesToItsHostOnly()
    {
        var jar = Jar("http://www.example.org/", "sid=1");

        Assert.Equal("sid=1", jar.HeaderFor(U("http://www.example.org/a")));
        Assert.Null(jar.HeaderFor(U("http://example.org/")));
        Assert.Null(jar.HeaderFor(U("http://sub.www.example.org/")));
    }

    [Fact]
    public void HeaderFor_DomainCookie_GoesToTheDomainAndItsSubdomains_NotToAnotherSite()
    {
        var jar = Jar("http://www.example.org/", "sid=1; Domain=.Example.org");

        Assert.Equal("sid=1", jar.HeaderFor(U("http://example.org/")));
        Assert.Equal("sid=1", jar.HeaderFor(U("http://api.example.org/")));
        Assert.Null(jar.HeaderFor(U("http://badexample.org/")));
        Assert.Null(jar.HeaderFor(U("http://example.net/")));
    }

    [Theory]
    [InlineData("http://www.example.org/", "sid=1; Domain=example.net")] // another site
    [InlineData("http://www.example.org/", "sid=1; Domain=www2.example.org")] // a sibling, not the host or above it
    [InlineData("http://www.example.co.uk/", "sid=1; Domain=co.uk")] // a public suffix (ICANN section)
    [InlineData("http://alice.github.io/", "sid=1; Domain=github.io")] // a public suffix (private section)
    [InlineData("http://a.test/", "sid=1; Domain=test")] // an unlisted top-level domain is its own suffix
    [InlineData("http://127.0.0.1/", "sid=1; Domain=0.0.1")] // an IP address has no parent domain
    public void Receive_DomainItMayNotSet_IsIgnored(string url, string field)
    {
        var jar = Jar(url, field);

        Assert.Equal(0, jar.Count);
    }

    [Fact]
    public void Receive_DomainIsThePublicSuffixTheHostIs_IsHostOnly()
    {
        var jar = Jar("http://github.io/", "sid=1; Domain=github.io");

        Assert.Equal("sid=1", jar.HeaderFor(U("http://github.io/")));
        Assert.Null(jar.HeaderFor(U("http://alice.github.io/")));
    }

    [Fact]
    public void HeaderFor_SecureCookie_GoesOverHttpsOnly()
    {
        var jar = Jar("https://example.org/", "sid=1; Secure", "theme=dark");

        Assert.Equal("sid=1; theme=dark", jar.HeaderFor(U("https://example.org/")));
        Assert.Equal("theme=dark", jar.HeaderFor(U("http://example.org/")));
    }

    [Theory]
    [InlineData("http://example.org/", "sid=1; Secure")] // a Secure cookie from an insecure origin
    [InlineData("https://example.org/", "__Secure-sid=1")] // the prefix without Secure
    [InlineData("https://example.org/", "__Host-sid=1; Secure; Path=/; Domain=example.org")] // the prefix with a Domain
    [InlineData("https://example.org/a/b", "__Host-sid=1; Secure")] // the prefix on a path other than /
    public void Receive_SecurityItCannotHave_IsIgnored(string url, string field)
    {
        Assert.Equal(0, Jar(url, field).Count);
    }

    [Fact]
    public void Receive_HostPrefixDoneRight_IsKept()
    {
        Assert.Equal("__Host-sid=1", Jar("https://example.org/a/b", "__Host-sid=1; Secure; Path=/").HeaderFor(U("https://example.org/")));
    }

    [Fact]
    public void HeaderFor_Path_ScopesTheCookie_DefaultIsTheDirectory_LongerPathsFirst()
    {
        var jar = Jar("http://example.org/docs/page", "dir=1", "root=2; Path=/", "deep=3; Path=/docs/api", "bad=4; Path=relative");

        Assert.Equal("deep=3; dir=1; bad=4; root=2", jar.HeaderFor(U("http://example.org/docs/api/x")));
        Assert.Equal("dir=1; bad=4; root=2", jar.HeaderFor(U("http://example.org/docs")));
        Assert.Equal("root=2", jar.HeaderFor(U("http://example.org/documents")));
    }

    [Fact]
    public void HeaderFor_MaxAge_ExpiresOnTheClock_AndWinsOverExpires()
    {
        var jar = Jar("http://example.org/", "sid=1; Max-Age=60; Expires=Wed, 01 Jan 2031 00:00:00 GMT");

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("sid=1", jar.HeaderFor(U("http://example.org/")));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(jar.HeaderFor(U("http://example.org/")));
        Assert.Equal(0, jar.Count);
    }

    [Fact]
    public void Receive_ExpiryInThePast_DeletesTheCookie()
    {
        var jar = Jar("http://example.org/", "sid=1", "keep=2");

        jar.Receive(U("http://example.org/"), "sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        jar.Receive(U("http://example.org/"), "keep=2; Max-Age=0");

        Assert.Equal(0, jar.Count);
    }

    [Fact]
    public void Receive_SameNameAndScope_ReplacesTheValue_KeepingWhenItWasCreated()
    {
        var jar = Jar("http://example.org/", "a=1");
        _time.Advance(TimeSpan.FromSeconds(1));
        jar.Receive(U("http://example.org/"), "b=2");

        jar.Receive(U("http://example.org/"), "a=3");

        Assert.Equal("a=3; b=2", jar.HeaderFor(U("http://example.org/")));
        Assert.Equal(2, jar.Count);
    }

    [Fact]
    public void Version_MovesOnAChange_NotOnTheSameCookieAgain()
    {
        var jar = Jar("http://example.org/", "a=1");
        var version = jar.Version;

        jar.Receive(U("http://example.org/"), "a=1");
        Assert.Equal(version, jar.Version);
        jar.Receive(U("http://example.org/"), "a=2");
        Assert.Equal(version + 1, jar.Version);
    }

    [Theory]
    [InlineData("noequals")]
    [InlineData("=value")]
    [InlineData("a=caf\u00e9")]
    [InlineData("a=1\u0001")]
    public void Receive_FieldThatCannotBeSentBack_IsIgnored(string field)
    {
        Assert.Equal(0, Jar("http://example.org/", field).Count);
    }

    [Fact]
    public void Receive_FieldOver4KiB_IsIgnored_At4KiBIsKept()
    {
        var at = "a=" + new string('x', 4096 - 2);
        var over = "b=" + new string('x', 4096 - 1);

        var jar = Jar("http://example.org/", at, over);

        Assert.Equal(at, jar.HeaderFor(U("http://example.org/")));
    }

    [Fact]
    public void Receive_MoreThanASiteMayKeep_TheLeastRecentlySetGo()
    {
        var jar = new CookieJar(_time);
        for (var i = 0; i < CookieJar.MaxCookiesPerSite + 10; i++)
        {
            // Spread over subdomains: the cap is the site's (its registrable domain), not each host's.
            jar.Receive(U($"http://h{i % 3}.example.org/"), $"c{i}=1; Domain=example.org");
        }

        Assert.Equal(CookieJar.MaxCookiesPerSite, jar.Count);
        var sent = jar.HeaderFor(U("http://example.org/"))!.Split("; ");
        Assert.Equal("c10=1", sent[0]);
        Assert.Equal($"c{CookieJar.MaxCookiesPerSite + 9}=1", sent[^1]);
    }

    [Fact]
    public void Receive_MoreThanTheJarKeeps_TheLeastRecentlySetGo()
    {
        var jar = new CookieJar(_time);
        for (var i = 0; i < CookieJar.MaxCookies + 1; i++)
        {
            jar.Receive(U($"http://site{i}.example/"), "c=1");
        }

        Assert.Equal(CookieJar.MaxCookies, jar.Count);
        Assert.Null(jar.HeaderFor(U("http://site0.example/")));
        Assert.Equal("c=1", jar.HeaderFor(U("http://site1.example/")));
    }

    [Fact]
    public void SaveAndRestore_KeepsScopeAndExpiry_DropsWhatExpired()
    {
        var jar = Jar("https://www.example.org/app/x", "host=1", "dom=2; Domain=example.org; Path=/; Secure", "short=3; Max-Age=10", "long=4; Max-Age=100");
        var saved = jar.Save();
        _time.Advance(TimeSpan.FromSeconds(30));

        var restored = CookieJar.Restore(saved, _time);

        Assert.Equal(3, restored.Count);
        Assert.Equal("host=1; long=4; dom=2", restored.HeaderFor(U("https://www.example.org/app/y")));
        Assert.Null(restored.HeaderFor(U("http://api.example.org/")));
        Assert.Equal("dom=2", restored.HeaderFor(U("https://api.example.org/")));
    }

    [Fact]
    public void ToString_NeverShowsAValue()
    {
        var jar = Jar("http://example.org/", "sid=s3cr3t-9f1");

        Assert.Equal("1 cookies", jar.ToString());
        Assert.Equal("1 cookies", jar.Save().ToString());
        Assert.DoesNotContain("s3cr3t", jar.Save().Cookies[0].ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Wed, 09 Jun 2021 10:18:14 GMT", "2021-06-09T10:18:14Z")]
    [InlineData("Wednesday, 09-Jun-21 10:18:14 GMT", "2021-06-09T10:18:14Z")]
    [InlineData("Wed Jun  9 10:18:14 2021", "2021-06-09T10:18:14Z")]
    [InlineData("09 Jun 1969 00:00:00", "1969-06-09T00:00:00Z")]
    [InlineData("9 jun 69 1:2:3", "2069-06-09T01:02:03Z")]
    public void CookieDate_FormatsServersSend_AreRead(string text, string expected)
    {
        Assert.True(CookieDate.TryParse(text, out var date));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), date);
    }

    [Theory]
    [InlineData("Wed, 09 Jun 2021")] // no time
    [InlineData("31 Feb 2021 10:00:00")] // no such day
    [InlineData("09 Jun 1600 10:00:00")] // before 1601
    [InlineData("09 Jun 2021 24:00:00")] // no such hour
    [InlineData("tomorrow")]
    public void CookieDate_WithoutAPartOrOutOfRange_IsNotADate(string text)
    {
        Assert.False(CookieDate.TryParse(text, out _));
    }
}
