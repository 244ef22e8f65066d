using System.Text;
using System.Text.RegularExpressions;

namespace Gleaner.Tests.Conformance;

/// <summary>One section of a curl test file after preprocessing: its bytes (as Latin-1 text) and attributes.</summary>
internal sealed record CurlSection(string Path, string Text, IReadOnlyDictionary<string, string> Attributes, bool Unresolved)
{
    public byte[] Bytes => Encoding.Latin1.GetBytes(Text);

    public bool Has(string attribute, string value = "yes") =>
        Attributes.TryGetValue(attribute, out var v) && v.Equals(value, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A tolerant reader for curl's tests/data/testNNN files (FILEFORMAT.md): XML-like but not XML. It preprocesses
/// line by line as runtests.pl does (%if features, variables, %CR/%SP/%TAB, %hex, %b64, %repeat, crlf="yes" and
/// crlf="headers"), then cuts the file into sections by their tag lines. Inside a leaf section (e.g. reply/data)
/// nothing is a tag except its own end tag, so bodies holding "&lt;html&gt;" lines stay data.
/// </summary>
internal sealed partial class CurlTestFile
{
    // What a Gleaner fetch "has", for %if lines; every other curl feature is absent.
    private static readonly HashSet<string> Features = new(StringComparer.OrdinalIgnoreCase) { "http", "libz", "brotli", "local-http", "IPv6" };

    private readonly Dictionary<string, CurlSection> _sections;

    private CurlTestFile(int number, Dictionary<string, CurlSection> sections)
    {
        Number = number;
        _sections = sections;
    }

    public int Number { get; }

    /// <summary>A section by path, such as <c>reply/data2</c> or <c>client/command</c>; null when absent.</summary>
    public CurlSection? Section(string path) => _sections.GetValueOrDefault(path);

    public IEnumerable<CurlSection> Sections => _sections.Values;

    /// <summary>Reads and preprocesses test <paramref name="number"/> with the server at 127.0.0.1:<paramref name="port"/>.</summary>
    public static CurlTestFile Load(string path, int number, int port)
    {
        var raw = Encoding.Latin1.GetString(File.ReadAllBytes(path));
        var lines = Preprocess(SplitLines(raw), number, port);
        return new CurlTestFile(number, Cut(lines));
    }

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    private static List<Line> Preprocess(List<string> lines, int number, int port)
    {
        var output = new List<Line>();
        var show = new Stack<(bool Outer, bool Condition)>();
        var visible = true;
        var crlf = CrlfMode.None;
        string? crlfSection = null;
        var previousUpdated = false;
        foreach (var original in lines)
        {
            var ifMatch = IfLine().Match(original);
            if (ifMatch.Success)
            {
                var feature = ifMatch.Groups[1].Value;
                var condition = feature.StartsWith('!') ? !Features.Contains(feature[1..]) : Features.Contains(feature);
                show.Push((visible, condition));
                visible = visible && condition;
                continue;
            }

            if (ElseLine().IsMatch(original) && show.Count > 0)
            {
                var (outer, condition) = show.Peek();
                visible = outer && !condition;
                continue;
            }

            if (EndifLine().IsMatch(original) && show.Count > 0)
            {
                visible = show.Pop().Outer;
                continue;
            }

            if (!visible)
            {
                continue;
            }

            var open = OpenTag().Match(original);
            if (crlfSection is null && open.Success && open.Groups[2].Value.Contains("crlf=", StringComparison.Ordinal))
            {
                var attributes = open.Groups[2].Value;
                crlf = attributes.Contains("crlf=\"yes\"", StringComparison.Ordinal) ? CrlfMode.All
                    : attributes.Contains("crlf=\"headers\"", StringComparison.Ordinal) ? CrlfMode.Headers
                    : CrlfMode.None;
                crlfSection = crlf == CrlfMode.None ? null : open.Groups[1].Value;
                previousUpdated = false;
                output.Add(new Line(original, false));
                continue;
            }

            if (crlfSection is not null && CloseTag().Match(original) is { Success: true } close && close.Groups[1].Value == crlfSection)
            {
                crlf = CrlfMode.None;
                crlfSection = null;
                output.Add(new Line(original, false));
                continue;
            }

            var (text, unresolved) = Expand(original, number, port);
            text = crlf switch
            {
                CrlfMode.All => ForceCrlf(text),
                CrlfMode.Headers => GuessHeaderCrlf(text, ref previousUpdated),
                _ => text,
            };
            output.Add(new Line(text, unresolved));
        }

        return output;
    }

    // runtests.pl subnewlines(force=1): the line's first (CR*)LF becomes CRLF.
    private static string ForceCrlf(string line) => TrailingNewline().Replace(line, "\r\n", 1);

    // runtests.pl subnewlines(force=0): a status line, request line or "name: value" line without a CR gets CRLF,
    // and so does an empty line right after one (the end of the header block).
    private static string GuessHeaderCrlf(string line, ref bool previousUpdated)
    {
        if (StatusLine().IsMatch(line) || RequestLine().IsMatch(line) || (HeaderLine().IsMatch(line) && !line.StartsWith("curl: (", StringComparison.Ordinal)))
        {
            previousUpdated = true;
            return TrailingNewline().Replace(line, "\r\n", 1);
        }

        var result = line == "\n" && previousUpdated ? "\r\n" : line;
        previousUpdated = false;
        return result;
    }

    private static (string Text, bool Unresolved) Expand(string line, int number, int port)
    {
        var unresolved = false;
        var s = line
            .Replace("%TESTNUMBER", number.ToString(), StringComparison.Ordinal)
            .Replace("%HTTPPORT", port.ToString(), StringComparison.Ordinal)
            .Replace("%HOSTIP", "127.0.0.1", StringComparison.Ordinal)
            .Replace("%CLIENTIP", "127.0.0.1", StringComparison.Ordinal)
            .Replace("%VERSION", "8.99.0", StringComparison.Ordinal)
            .Replace("%LOGDIR", "log", StringComparison.Ordinal)
            .Replace("%CR", "\r", StringComparison.Ordinal)
            .Replace("%LF", "\n", StringComparison.Ordinal)
            .Replace("%SP", " ", StringComparison.Ordinal)
            .Replace("%TAB", "\t", StringComparison.Ordinal)
            .Replace("%AMP", "&", StringComparison.Ordinal)
            .Replace("%GT", ">", StringComparison.Ordinal)
            .Replace("%LT", "<", StringComparison.Ordinal);
        s = B64Macro().Replace(s, m => Convert.ToBase64String(Encoding.Latin1.GetBytes(PercentDecode(m.Groups[1].Value))));
        s = HexMacro().Replace(s, m => PercentDecode(m.Groups[1].Value));
        s = RepeatMacro().Replace(s, m => string.Concat(Enumerable.Repeat(PercentDecode(m.Groups[2].Value), int.Parse(m.Groups[1].Value))));
        if (IncludeMacro().IsMatch(s))
        {
            // Included files (e.g. data-xml1) are not part of the saved fixtures.
            unresolved = true;
            s = IncludeMacro().Replace(s, "");
        }

        return (s, unresolved);
    }

    private static string PercentDecode(string text) =>
        PercentByte().Replace(text, m => ((char)Convert.ToByte(m.Groups[1].Value, 16)).ToString());

    private static Dictionary<string, CurlSection> Cut(List<Line> lines)
    {
        var sections = new Dictionary<string, CurlSection>();
        var stack = new List<(string Name, Dictionary<string, string> Attributes)>();
        StringBuilder? content = null;
        var unresolved = false;
        foreach (var line in lines)
        {
            // A leaf: testcase / main section / subsection. Only its own end tag ends it.
            if (content is not null)
            {
                var end = CloseTag().Match(line.Text);
                if (end.Success && end.Groups[1].Value == stack[^1].Name)
                {
                    var attributes = stack[^1].Attributes;
                    var path = string.Join('/', stack.Skip(1).Select(s => s.Name));
                    var text = content.ToString();
                    if (attributes.TryGetValue("nonewline", out var nn) && nn == "yes" && text.EndsWith('\n'))
                    {
                        text = text[..^1];
                    }

                    if (attributes.TryGetValue("base64", out var b64) && b64 == "yes")
                    {
                        text = Encoding.Latin1.GetString(Convert.FromBase64String(text.Trim()));
                    }

                    sections.TryAdd(path, new CurlSection(path, text, attributes, unresolved));
                    stack.RemoveAt(stack.Count - 1);
                    content = null;
                }
                else
                {
                    content.Append(line.Text);
                    unresolved |= line.Unresolved;
                }

                continue;
            }

            var close = CloseTag().Match(line.Text);
            if (close.Success)
            {
                var at = stack.FindLastIndex(s => s.Name == close.Groups[1].Value);
                if (at >= 0)
                {
                    stack.RemoveRange(at, stack.Count - at);
                }

                continue;
            }

            var open = OpenTag().Match(line.Text);
            if (open.Success && !line.Text.TrimStart().StartsWith("<!--", StringComparison.Ordinal) && !line.Text.TrimStart().StartsWith("<?", StringComparison.Ordinal))
            {
                var attributes = Attribute().Matches(open.Groups[2].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
                stack.Add((open.Groups[1].Value, attributes));
                if (stack.Count >= 3)
                {
                    content = new StringBuilder();
                    unresolved = false;
                }
            }
        }

        return sections;
    }

    private enum CrlfMode
    {
        None,
        All,
        Headers,
    }

    private readonly record struct Line(string Text, bool Unresolved);

    [GeneratedRegex(@"^ *%if ([A-Za-z0-9!_/-]*)")]
    private static partial Regex IfLine();

    [GeneratedRegex(@"^ *%else")]
    private static partial Regex ElseLine();

    [GeneratedRegex(@"^ *%endif")]
    private static partial Regex EndifLine();

    [GeneratedRegex(@"^\s*<([A-Za-z][\w-]*)((?:\s+[\w-]+=""[^""]*"")*)\s*>\s*$")]
    private static partial Regex OpenTag();

    [GeneratedRegex(@"^\s*</([A-Za-z][\w-]*)\s*>\s*$")]
    private static partial Regex CloseTag();

    [GeneratedRegex(@"([\w-]+)=""([^""]*)""")]
    private static partial Regex Attribute();

    [GeneratedRegex(@"\r*\n")]
    private static partial Regex TrailingNewline();

    [GeneratedRegex(@"^HTTP/(1.1|1.0|2|3) [1-5][^\r]*\z")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^(GET|POST|PUT|DELETE) \S+ HTTP/\d+(\.\d+)?")]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"^[a-z0-9_-]+: [^\r]*\z", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"%b64\[(.*?)\]b64%", RegexOptions.IgnoreCase)]
    private static partial Regex B64Macro();

    [GeneratedRegex(@"%hex\[(.*?)\]hex%", RegexOptions.IgnoreCase)]
    private static partial Regex HexMacro();

    [GeneratedRegex(@"%repeat\[(\d+) x (.*?)\]%", RegexOptions.IgnoreCase)]
    private static partial Regex RepeatMacro();

    [GeneratedRegex(@"%include(text)? [^%]*%[\r\n]*")]
    private static partial Regex IncludeMacro();

    [GeneratedRegex("%([0-9A-Fa-f]{2})")]
    private static partial Regex PercentByte();
}
