using System.Text;
using Gleaner.Jobs;

namespace Gleaner.Tests.Jobs;

public class UrlListParserTests
{
    [Fact]
    public void Parse_CommentsAndBlankLines_AreIgnoredAndLinesKept()
    {
        const string text = """
            # weather pages
            https://forecast.weather.gov/MapClick.php?lat=40.7142&lon=-74.0059

              https://api.weather.gov/stations/KNYC/observations/latest   # trailing comment
            	https://example.com/page#section
               # indented comment
            https://example.com/page#section
            """;

        Assert.Equal(
            [
                (new Uri("https://forecast.weather.gov/MapClick.php?lat=40.7142&lon=-74.0059"), 2),
                (new Uri("https://api.weather.gov/stations/KNYC/observations/latest"), 4),
                (new Uri("https://example.com/page#section"), 5),
                // Duplicates are kept: the user may mean to sample a page twice.
                (new Uri("https://example.com/page#section"), 7),
            ],
            UrlListParser.Parse(text, "urls.txt"));
    }

    [Fact]
    public void Parse_InvalidUrls_AreEachReportedAtTheirFirstCharacter()
    {
        const string text = "https://example.com/\n   ftp://example.com/\nexample.com # no scheme\n\thttps://user:pw@example.com/\n";

        var e = Assert.Throws<JobFileException>(() => UrlListParser.Parse(text, "urls.txt"));

        Assert.Equal(
            [
                "urls.txt:2:4: Scheme 'ftp:' is not supported; Gleaner fetches only http and https URLs.",
                "urls.txt:3:1: URL 'example.com' is not absolute; write it as http://host/… or https://host/….",
                "urls.txt:4:2: URL contains credentials (user:password@); credentials in URLs are not sent, so remove them.",
            ],
            e.Errors.Select(error => error.ToString()));
        Assert.Equal(string.Join("\n", e.Errors), e.Message);
    }

    [Fact]
    public void Parse_LongList_KeepsFileOrderAndReportsEachBadLine()
    {
        // Long enough to be parsed on every core.
        var lines = Enumerable.Range(0, 5000).Select(i => i switch
        {
            1234 => "ftp://example.com/",
            4321 => "  https://user:pw@example.com/",
            _ => $"https://h{i % 7}.example/p/{i}",
        }).ToList();

        var e = Assert.Throws<JobFileException>(() => UrlListParser.Parse(string.Join('\n', lines), "urls.txt"));
        var good = UrlListParser.Parse(string.Join('\n', lines.Where((_, i) => i is not 1234 and not 4321)), "urls.txt");

        Assert.Equal(
            [
                "urls.txt:1235:1: Scheme 'ftp:' is not supported; Gleaner fetches only http and https URLs.",
                "urls.txt:4322:3: URL contains credentials (user:password@); credentials in URLs are not sent, so remove them.",
            ],
            e.Errors.Select(error => error.ToString()));
        Assert.Equal(4998, good.Count);
        Assert.Equal(Enumerable.Range(1, 4998), good.Select(u => u.Line));
        Assert.Equal(
            lines.Where((_, i) => i is not 1234 and not 4321).Select(l => l.Trim()),
            good.Select(u => u.Url.OriginalString));
    }

    [Fact]
    public void Parse_FormFeedsAndUnicodeSeparators_DoNotEndALine()
    {
        // Lines end at \n, \r\n and \r, as in an editor; a form feed or U+2028 inside a line is part of it.
        var e = Assert.Throws<JobFileException>(() =>
            UrlListParser.Parse("https://example.com/a\f\u2028\u0085b\r\nftp://x/\rftp://y/\n", "urls.txt"));

        Assert.Equal(
            [
                "urls.txt:2:1: Scheme 'ftp:' is not supported; Gleaner fetches only http and https URLs.",
                "urls.txt:3:1: Scheme 'ftp:' is not supported; Gleaner fetches only http and https URLs.",
            ],
            e.Errors.Select(error => error.ToString()));
    }

    [Fact]
    public void Parse_FormFeedsOnOneLine_AreReportedOnThatLine()
    {
        // Found by fuzzing: this was reported at line 3 of a file of one line.
        var e = Assert.Throws<JobFileException>(() => UrlListParser.Parse("\f\f/", "urls.txt"));

        Assert.Equal("urls.txt:1:1: URL '\\u000C\\u000C/' is not absolute; write it as http://host/… or https://host/….", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("# nothing yet\n")]
    public void Parse_NoUrls_IsAnError(string text)
    {
        var e = Assert.Throws<JobFileException>(() => UrlListParser.Parse(text, "urls.txt"));

        Assert.Equal("urls.txt:1:1: the file has no URLs; write one URL per line", e.Message);
    }

    [Fact]
    public void Parse_UrlOver8KiB_IsRefused()
    {
        var text = $"https://example.com/\n  https://example.com/{new string('a', 8193 - 20)}\n";

        var e = Assert.Throws<JobFileException>(() => UrlListParser.Parse(text, "urls.txt"));

        Assert.Equal("urls.txt:2:3: URL is 8193 bytes long; the longest allowed is 8192 (8KiB)", e.Message);
    }

    [Fact]
    public void Parse_MoreThan100000Urls_IsRefusedAtTheFirstOneOver()
    {
        var text = new StringBuilder(2_000_000);
        for (var i = 0; i <= JobFileLimits.MaxTargets; i++)
        {
            text.Append("http://a/\n");
        }

        var e = Assert.Throws<JobFileException>(() => UrlListParser.Parse(text.ToString(), "urls.txt"));

        Assert.Equal("urls.txt:100001:1: more than 100000 URLs; the limit is 100000", e.Message);
    }

    [Fact]
    public void Parse_100000Urls_IsAccepted()
    {
        var text = new StringBuilder(2_000_000);
        for (var i = 0; i < JobFileLimits.MaxTargets; i++)
        {
            text.Append("http://a/").Append(i).Append('\n');
        }

        var urls = UrlListParser.Parse(text.ToString(), "urls.txt");

        Assert.Equal((new Uri("http://a/99999"), 100_000), urls[^1]);
    }
}
