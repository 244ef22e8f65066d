using System.Text;
using System.Text.RegularExpressions;
using Gleaner.Fetching.Text;

namespace Gleaner.Tests.Fetching;

public class MetaCharsetTests
{
    [Theory]
    [InlineData("<meta charset=\"utf-8\">", "utf-8")]
    [InlineData("<META CHARSET=UTF-8>", "UTF-8")]
    [InlineData("<meta charset='windows-1252'/>", "windows-1252")]
    [InlineData("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">", "ISO-8859-1")]
    [InlineData("<meta\n  charset = \"shift_jis\"\n>", "shift_jis")]
    [InlineData("<html><head><title>x</title><meta name=\"viewport\"><meta charset=\"koi8-r\"></head>", "koi8-r")]
    [InlineData("<meta name=\"charset-note\" content=\"x; charset=euc-kr\">", "euc-kr")]
    [InlineData("<meta content=\"charset=big5\" name=\"charset\">", "big5")]
    [InlineData("<meta charset=\"utf-8\" data-x=\"charset=latin2\">", "latin2")]
    public void Find_Declaration_ReturnsLabel(string html, string expected) =>
        Assert.Equal(expected, MetaCharset.Find(Encoding.Latin1.GetBytes(html)));

    [Theory]
    [InlineData("<html><head><title>no meta</title></head>")]
    [InlineData("<meta name=\"viewport\"><p>charset=utf-8</p>")]
    [InlineData("<metacharset=utf-8>")]
    [InlineData("<meta charset=>")]
    [InlineData("<meta charset=\"\">")]
    [InlineData("<meta charset>")]
    [InlineData("")]
    public void Find_NoDeclaration_ReturnsNull(string html) =>
        Assert.Null(MetaCharset.Find(Encoding.Latin1.GetBytes(html)));

    // The rule it implements, as a regex over the Latin-1 text: every case here must agree with it.
    private static readonly Regex Oracle = new("""<meta[^>]+charset\s*=\s*["']?(?<cs>[A-Za-z0-9_.:-]+)""", RegexOptions.IgnoreCase);

    [Fact]
    public void Find_AgreesWithTheRegexRule_OnEveryFixtureAndVariant()
    {
        var heads = Directory.EnumerateFiles(Fixtures.Path("weather"), "*", SearchOption.AllDirectories)
            .Select(path => File.ReadAllBytes(path).AsSpan(0, (int)Math.Min(new FileInfo(path).Length, 1024)).ToArray())
            .ToList();
        string[] variants =
        [
            "<meta charset=utf-8 charset=latin1>", "<meta a charset =\t'x'>", "<meta>\n<p charset=x>", "<meta charset=\"a b\">",
            "<META HTTP-EQUIV=content-type CONTENT='text/html;charset=gb2312'>", "<meta charset=\u00a0utf-8>",
            "<meta x=\"charset\"><meta charset=y>", "<meta charset=\"utf-8", "<<meta <meta charset=z", "<meta chArSet=MiXeD",
        ];
        heads.AddRange(variants.Select(Encoding.Latin1.GetBytes));

        Assert.True(heads.Count > variants.Length);
        foreach (var head in heads)
        {
            var match = Oracle.Match(Encoding.Latin1.GetString(head));
            Assert.Equal(match.Success ? match.Groups["cs"].Value : null, MetaCharset.Find(head));
        }
    }
}
