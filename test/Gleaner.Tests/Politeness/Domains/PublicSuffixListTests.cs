using System.Diagnostics;
using Gleaner.Politeness.Domains;

namespace Gleaner.Tests.Politeness.Domains;

public class PublicSuffixListTests
{
    private static PublicSuffixList ListOf(string rules) => PublicSuffixList.Parse(new StringReader(rules));

    [Fact]
    public void Default_ParsesShippedList_AnswersCoUk()
    {
        var list = PublicSuffixList.Default;

        Assert.True(list.RuleCount > 10_000, $"only {list.RuleCount} rules");
        Assert.Equal("example.co.uk", list.RegistrableDomain("www.example.co.uk"));
        Assert.Equal("co.uk", list.PublicSuffix("www.example.co.uk"));
    }

    [Fact]
    public void Default_IsParsedOnce()
    {
        Assert.Same(PublicSuffixList.Default, PublicSuffixList.Default);
    }

    [Fact]
    public void Default_PrivateSectionRules_Apply()
    {
        Assert.Equal("github.io", PublicSuffixList.Default.PublicSuffix("someone.github.io"));
        Assert.Equal("someone.github.io", PublicSuffixList.Default.RegistrableDomain("www.someone.github.io"));
    }

    [Fact]
    public void Default_UnicodeRules_AreMatchedByPunycodeHosts()
    {
        // "公司.cn" is listed in Unicode; hosts arrive as Uri.IdnHost gives them.
        var host = new Uri("https://www.食狮.公司.cn/").IdnHost;

        Assert.Equal("xn--85x722f.xn--55qx5d.cn", PublicSuffixList.Default.RegistrableDomain(host));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("192.168.1.20")]
    [InlineData("127.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("2001:db8::1")]
    [InlineData("[2001:db8::1]")]
    [InlineData("::ffff:192.168.1.20")]
    public void IpLiteral_HasNoSuffixOrDomain(string host)
    {
        Assert.Null(PublicSuffixList.Default.RegistrableDomain(host));
        Assert.Null(PublicSuffixList.Default.PublicSuffix(host));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(".example.com")]
    [InlineData("www..example.com")]
    [InlineData("example.com..")]
    [InlineData("www.ëxample.com")]
    public void NotADomainName_HasNoSuffixOrDomain(string host)
    {
        Assert.Null(PublicSuffixList.Default.RegistrableDomain(host));
        Assert.Null(PublicSuffixList.Default.PublicSuffix(host));
    }

    [Theory]
    [InlineData("www.example.co.uk.", "example.co.uk", "co.uk")]
    [InlineData("example.com.", "example.com", "com")]
    [InlineData("com.", null, "com")]
    public void TrailingDot_IsIgnored(string host, string? registrable, string suffix)
    {
        Assert.Equal(registrable, PublicSuffixList.Default.RegistrableDomain(host));
        Assert.Equal(suffix, PublicSuffixList.Default.PublicSuffix(host));
    }

    [Fact]
    public void RegistrableDomain_WholeHost_ReturnsSameString()
    {
        // The common case allocates nothing: a host that is already its registrable domain comes back as is.
        const string host = "example.com";

        Assert.Same(host, PublicSuffixList.Default.RegistrableDomain(host));
    }

    [Theory]
    [InlineData("example", "example")]
    [InlineData("a.b.example", "example")]
    [InlineData("c.mm", "c.mm")]
    [InlineData("b.c.mm", "c.mm")]
    [InlineData("ck", "ck")]
    [InlineData("www.ck", "ck")]
    [InlineData("a.www.ck", "ck")]
    [InlineData("b.test.ck", "test.ck")]
    [InlineData("www.city.kobe.jp", "kobe.jp")]
    [InlineData("x.y.kobe.jp", "y.kobe.jp")]
    [InlineData("WWW.Example.CO.UK", "co.uk")]
    public void PublicSuffix_FollowsPrevailingRule(string host, string expected)
    {
        Assert.Equal(expected, PublicSuffixList.Default.PublicSuffix(host));
    }

    [Fact]
    public void Parse_WildcardBelowExactRule_LongestMatchWins()
    {
        var list = ListOf("""
            // a comment
            example
            *.example
            a.b.example trailing text after whitespace is ignored
            """);

        Assert.Equal("b.example", list.PublicSuffix("x.b.example"));
        Assert.Equal("a.b.example", list.PublicSuffix("x.a.b.example"));
        Assert.Equal("x.a.b.example", list.RegistrableDomain("y.x.a.b.example"));
        Assert.Equal(3, list.RuleCount);
    }

    [Fact]
    public void Parse_WildcardInsideRule_MatchesAnyLabel()
    {
        var list = ListOf("foo.*.example");

        Assert.Equal("foo.bar.example", list.PublicSuffix("www.foo.bar.example"));
        Assert.Equal("example", list.PublicSuffix("www.baz.bar.example"));
    }

    [Theory]
    [InlineData("a..b", 1)]
    [InlineData("ok\n!com", 2)]
    [InlineData("x!y.com", 1)]
    [InlineData("a*.com", 1)]
    [InlineData("!*.com", 1)]
    public void Parse_MalformedRule_ThrowsWithLine(string rules, int line)
    {
        var error = Assert.Throws<FormatException>(() => ListOf(rules));

        Assert.Contains($"line {line}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FullList_IsFast()
    {
        var text = File.ReadAllText(Fixtures.Path("public-suffix-list", "public_suffix_list.dat"));
        PublicSuffixList.Parse(new StringReader(text)); // warm the JIT

        var clock = Stopwatch.StartNew();
        var list = PublicSuffixList.Parse(new StringReader(text));
        clock.Stop();

        TestContext.Current.SendDiagnosticMessage($"Parsed {list.RuleCount} rules in {clock.Elapsed.TotalMilliseconds:F1} ms");
        // The target is well under 100 ms; the bound is loose so a busy CI machine does not fail the build.
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), $"parsing took {clock.Elapsed.TotalMilliseconds:F0} ms");
    }
}
