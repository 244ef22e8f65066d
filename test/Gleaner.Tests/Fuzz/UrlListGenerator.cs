using System.Text;

namespace Gleaner.Tests.Fuzz;

/// <summary>
/// Writes URL lists: the WPT URL cases and loopback URLs, with comments, blank lines, tabs, every kind of line
/// break, BOMs, over-long URLs and now and then more than a thousand lines (the list is then parsed in parallel).
/// </summary>
internal static class UrlListGenerator
{
    public static readonly string[] Tokens =
    [
        "http://", "https://", "#", " #", "\t#", "\n", "\r\n", "\r", "\u0085", "\u2028", " ", "\t", "\uFEFF", "%", "%zz",
        "[", "]", "::1", "@", ":", "/", "?", "\\", "xn--", "127.0.0.1", "0x7f.1", "example.com", "ftp://", "file:///",
    ];

    private static readonly string[] LineEnds = ["\n", "\n", "\n", "\r\n", "\r", "\u0085", "\u2028", "\f", "\v"];

    public static string List(Random random)
    {
        var text = new StringBuilder(random.Next(20) == 0 ? "\uFEFF" : "");
        var lines = random.Next(25) == 0 ? 1000 + random.Next(1500) : random.Next(12);
        for (var i = 0; i < lines; i++)
        {
            text.Append(random.Next(6) == 0 ? (random.Next(2) == 0 ? "  " : "\t") : "");
            text.Append(random.Next(10) switch
            {
                0 => "# " + Interesting.Char(random),
                1 => "",
                2 or 3 => FuzzCorpus.Urls.Value[random.Next(FuzzCorpus.Urls.Value.Length)],
                4 => "http://127.0.0.1/" + new string('a', random.Next(2) == 0 ? 8200 : 10),
                5 => "https://example.com/" + Interesting.Char(random) + "#frag",
                _ => $"http://127.0.0.1:8080/p/{i}",
            });
            text.Append(random.Next(8) == 0 ? (random.Next(2) == 0 ? "  # note" : "\t ") : "");
            text.Append(LineEnds[random.Next(LineEnds.Length)]);
        }

        return text.ToString();
    }
}
