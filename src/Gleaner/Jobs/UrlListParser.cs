using System.Text;
using Gleaner.Fetching.Addresses;

namespace Gleaner.Jobs;

/// <summary>
/// Reads URL lists for <c>gleaner run --urls FILE</c>: one URL per line.
/// </summary>
/// <remarks>
/// <para>Blank lines and comments are ignored: a line whose first non-blank character is <c>#</c>, and the rest
/// of a line from a <c>#</c> that follows a space or tab (a <c>#</c> inside a URL is its fragment and stays).
/// Spaces and tabs around a URL are trimmed.</para>
/// <para>Every invalid URL is reported, each at its line and the column of its first character. Duplicate URLs are
/// kept, each with its own line: a user may mean to sample a page twice, and dropping lines silently would make
/// results and line numbers disagree.</para>
/// <para>Bounds as for job files: <see cref="JobFileLimits.MaxFileBytes"/>, at most
/// <see cref="JobFileLimits.MaxTargets"/> URLs and <see cref="JobFileLimits.MaxUrlBytes"/> per URL.</para>
/// </remarks>
public static class UrlListParser
{
    private const string What = "a URL list";
    private static readonly char[] LineBreaks = ['\r', '\n'];

    /// <summary>Reads and parses the URL list at <paramref name="path"/>; errors carry the path as given.</summary>
    /// <exception cref="JobFileException">The file is missing, too large, not UTF-8, empty, or has invalid URLs.</exception>
    public static IReadOnlyList<(Uri Url, int Line)> Load(string path) => Parse(BoundedText.Read(path, What), path);

    /// <summary>Parses <paramref name="text"/>; returns each URL with its one-based line, in file order.</summary>
    /// <exception cref="JobFileException">The list is empty or has problems; all are listed, up to <see cref="JobFileLimits.MaxProblems"/>.</exception>
    public static IReadOnlyList<(Uri Url, int Line)> Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        BoundedText.CheckSize(text, fileName, What);

        var errors = new JobErrors(fileName);
        var lines = new List<(int Line, int Column, string Text)>();
        var count = 0;
        foreach (var (lineStart, lineLength, lineNumber) in Lines(text))
        {
            var line = text.AsSpan(lineStart, lineLength);
            var start = line.IndexOfAnyExcept(' ', '\t');
            if (start < 0 || line[start] == '#')
            {
                continue;
            }

            if (++count > JobFileLimits.MaxTargets)
            {
                errors.Add(lineNumber, start + 1, $"more than {JobFileLimits.MaxTargets} URLs; the limit is {JobFileLimits.MaxTargets}");
                break;
            }

            lines.Add((lineNumber, start + 1, WithoutComment(line[start..]).TrimEnd([' ', '\t']).ToString()));
        }

        // Each URL is parsed on its own, so a long list is parsed on every core; results keep the list's order.
        var parsed = new (Uri? Url, string? Problem)[lines.Count];
        Parallel.For(0, lines.Count, new ParallelOptions { MaxDegreeOfParallelism = lines.Count < 1000 ? 1 : -1 }, i =>
            parsed[i] = ParseOne(lines[i].Text));
        var urls = new List<(Uri, int)>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            if (parsed[i].Url is { } uri)
            {
                urls.Add((uri, lines[i].Line));
            }
            else
            {
                errors.Add(lines[i].Line, lines[i].Column, parsed[i].Problem!);
            }
        }

        if (count == 0)
        {
            errors.Add(1, 1, "the file has no URLs; write one URL per line");
        }

        errors.ThrowIfAny();
        return urls;
    }

    private static (Uri? Url, string? Problem) ParseOne(string url)
    {
        var bytes = Encoding.UTF8.GetByteCount(url);
        if (bytes > JobFileLimits.MaxUrlBytes)
        {
            return (null, $"URL is {bytes} bytes long; the longest allowed is {JobFileLimits.MaxUrlBytes} (8KiB)");
        }

        return TargetUrl.TryParse(url, out var uri, out var problem) ? (uri, null) : (null, problem);
    }

    // Lines end at \n, \r\n or \r, as editors count them. EnumerateLines would also end one at a form feed or a
    // Unicode line separator, and every error after it would name a line the user cannot find.
    private static IEnumerable<(int Start, int Length, int Number)> Lines(string text)
    {
        var start = 0;
        for (var number = 1; ; number++)
        {
            var end = text.IndexOfAny(LineBreaks, start);
            if (end < 0)
            {
                yield return (start, text.Length - start, number);
                yield break;
            }

            yield return (start, end - start, number);
            start = end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
        }
    }

    private static ReadOnlySpan<char> WithoutComment(ReadOnlySpan<char> line)
    {
        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] == '#' && line[i - 1] is ' ' or '\t')
            {
                return line[..i];
            }
        }

        return line;
    }
}
