using Gleaner.Fetching.Addresses;

namespace Gleaner.Tests.Fetching.Addresses;

public class TargetUrlTests
{
    [Theory]
    // Odd IPv4 spellings all mean 127.0.0.1, as in browsers.
    [InlineData("http://2130706433/", "127.0.0.1")]
    [InlineData("http://0177.0.0.1/", "127.0.0.1")]
    [InlineData("http://0x7f.1/", "127.0.0.1")]
    [InlineData("http://0x7F.0.0.1/", "127.0.0.1")]
    [InlineData("http://0X7F.1/", "127.0.0.1")]
    [InlineData("http://127.1/", "127.0.0.1")]
    [InlineData("http://127.0.1/", "127.0.0.1")]
    [InlineData("http://0x7f000001/", "127.0.0.1")]
    [InlineData("http://017700000001/", "127.0.0.1")]
    [InlineData("http://127.0.0.0x1/", "127.0.0.1")]
    [InlineData("http://127.0.0.1./", "127.0.0.1")]
    [InlineData("http://%31%32%37.0.0.1/", "127.0.0.1")]
    [InlineData("http://１２７.0.0.1/", "127.0.0.1")]
    [InlineData("http://0x/", "0.0.0.0")]
    [InlineData("http://0/", "0.0.0.0")]
    [InlineData("http://4294967295/", "255.255.255.255")]
    [InlineData("http://0xa9.0xfe.0xa9.0xfe/latest/meta-data/", "169.254.169.254")]
    [InlineData("http://2852039166/", "169.254.169.254")]
    [InlineData("http://012.1/", "10.0.0.1")]
    public void TryParse_OddIpv4Spelling_HostIsDottedQuad(string text, string host)
    {
        Assert.True(TargetUrl.TryParse(text, out var uri, out var error), error);
        Assert.Equal(host, uri.Host);
        Assert.Equal(UriHostNameType.IPv4, uri.HostNameType);
        Assert.True(TargetUrl.IsIpLiteral(uri));
    }

    [Theory]
    [InlineData("https://example.com/", "https://example.com/", "example.com")]
    [InlineData("HTTPS://Example.COM:443/a?b#c", "https://example.com/a?b#c", "example.com")]
    [InlineData("http://example.com:8080/x", "http://example.com:8080/x", "example.com")]
    [InlineData("http://example.com:/x", "http://example.com/x", "example.com")]
    [InlineData("http://example.com:0080/x", "http://example.com/x", "example.com")]
    [InlineData("  http://example.com/\n", "http://example.com/", "example.com")]
    [InlineData("http://exa\tmple.com/", "http://example.com/", "example.com")]
    [InlineData("http://example.com\\path\\to", "http://example.com/path/to", "example.com")]
    [InlineData("http://example.com\\a\\b?c\\d", "http://example.com/a/b?c%5Cd", "example.com")]
    [InlineData("http://example.com?q", "http://example.com/?q", "example.com")]
    [InlineData("http://bücher.de/", "http://xn--bcher-kva.de/", "xn--bcher-kva.de")]
    [InlineData("http://BÜCHER.de/", "http://xn--bcher-kva.de/", "xn--bcher-kva.de")]
    [InlineData("http://b%C3%BCcher.de/", "http://xn--bcher-kva.de/", "xn--bcher-kva.de")]
    [InlineData("http://xn--bcher-kva.de/", "http://xn--bcher-kva.de/", "xn--bcher-kva.de")]
    [InlineData("http://ＥＸＡＭＰＬＥ。com/", "http://example.com/", "example.com")]
    [InlineData("http://ex\u00ADample.com/", "http://example.com/", "example.com")]
    [InlineData("http://1.2.3.4.foo/", "http://1.2.3.4.foo/", "1.2.3.4.foo")]
    [InlineData("http://[::1]:8080/", "http://[::1]:8080/", "[::1]")]
    [InlineData("http://[0:0::1]/", "http://[::1]/", "[::1]")]
    [InlineData("http://[::ffff:127.0.0.1]/", "http://[::ffff:127.0.0.1]/", "[::ffff:127.0.0.1]")]
    [InlineData("http://[FD00:EC2::254]/", "http://[fd00:ec2::254]/", "[fd00:ec2::254]")]
    public void TryParse_HttpUrl_IsNormalised(string text, string absolute, string host)
    {
        Assert.True(TargetUrl.TryParse(text, out var uri, out var error), error);
        Assert.Equal(absolute, uri.AbsoluteUri);
        Assert.Equal(host, uri.Host);
    }

    [Theory]
    [InlineData("http://example.com/", false)]
    [InlineData("http://127.0.0.1.example/", false)]
    [InlineData("http://127.0.0.1/", true)]
    [InlineData("http://[::1]/", true)]
    [InlineData("http://2130706433/", true)]
    public void IsIpLiteral_Host_SaysWhetherItIsAnAddress(string text, bool expected)
    {
        Assert.True(TargetUrl.TryParse(text, out var uri, out _));
        Assert.Equal(expected, TargetUrl.IsIpLiteral(uri));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("example.com/path", "not absolute")]
    [InlineData("/relative/path", "not absolute")]
    [InlineData("//example.com/", "not absolute")]
    [InlineData("localhost:8080/status", "no scheme; write it as http://localhost:8080/status")]
    [InlineData("file:///etc/passwd", "'file:'")]
    [InlineData("FTP://example.com/", "'ftp:'")]
    [InlineData("gopher://127.0.0.1:6379/_INFO", "'gopher:'")]
    [InlineData("data:text/plain,hi", "'data:'")]
    [InlineData("javascript:alert(1)", "'javascript:'")]
    [InlineData("dict://127.0.0.1:11211/", "'dict:'")]
    [InlineData("ws://example.com/", "'ws:'")]
    [InlineData("http://user:pass@example.com/", "credentials in URLs are not sent")]
    [InlineData("http://user@example.com/", "credentials in URLs are not sent")]
    [InlineData("http://@example.com/", "credentials in URLs are not sent")]
    [InlineData("https://example.com@169.254.169.254/", "credentials in URLs are not sent")]
    [InlineData("http:example.com/", "no '//'")]
    [InlineData("http:/example.com/", "no '//'")]
    [InlineData("http://", "no host")]
    [InlineData("http:///path", "no host")]
    [InlineData("http://:80/", "no host")]
    [InlineData("http://example.com:65536/", "Port")]
    [InlineData("http://example.com:-1/", "Port")]
    [InlineData("http://example.com:http/", "Port")]
    [InlineData("http://256.0.0.1/", "not a valid IPv4")]
    [InlineData("http://1.2.3.4.5/", "not a valid IPv4")]
    [InlineData("http://4294967296/", "not a valid IPv4")]
    [InlineData("http://0x100000000/", "not a valid IPv4")]
    [InlineData("http://08/", "not a valid IPv4")]
    [InlineData("http://1.2.3.09/", "not a valid IPv4")]
    [InlineData("http://foo.0x4/", "not a valid IPv4")]
    [InlineData("http://a b/", "not allowed in a host name")]
    [InlineData("http://ho%2Fst/", "not allowed in a host name")]
    [InlineData("http://ho%00st/", "not allowed in a host name")]
    [InlineData("http://ex\u200Dample.com/", "not allowed in a host name")]
    [InlineData("http://%FF.com/", "UTF-8")]
    [InlineData("http://\u00AD/", "empty")]
    [InlineData("http://[::1/", "closing ']'")]
    [InlineData("http://[::1]x/", "after its closing ']'")]
    [InlineData("http://[fe80::1%25eth0]/", "zone ID")]
    [InlineData("http://[::1.2.3.]/", "not a valid IPv6")]
    [InlineData("http://[google.com]/", "not a valid IPv6")]
    public void TryParse_Rejected_ErrorNamesProblemOnOneLine(string text, string expected)
    {
        Assert.False(TargetUrl.TryParse(text, out var uri, out var error));
        Assert.Null(uri);
        Assert.Contains(expected, error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain('\r', error);
    }

    [Fact]
    public void TryParse_ControlCharactersInInput_AreEscapedInError()
    {
        Assert.False(TargetUrl.TryParse("gopher\u001b[31m://x/", out _, out var error));
        Assert.DoesNotContain('\u001b', error);
        Assert.Contains("\\u001B", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => TargetUrl.TryParse(null!, out _, out _));
    }
}
