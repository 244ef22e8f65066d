using System.Globalization;
using System.Text;

namespace Gleaner.Tests.Conformance;

/// <summary>
/// A small, lenient reading of fixture reply bytes, used only to work out what a correct client must end with: the
/// final status (after 1xx), the headers and the framed body (chunked, Content-Length or up to the close). Not a
/// client: it reads bytes the test itself wrote, to state the expectation independently of the fetcher.
/// </summary>
internal sealed record ReferenceResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body)
{
    /// <summary>The first value of header <paramref name="name"/>, or null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>True when a Content-Encoding other than identity is declared.</summary>
    public bool IsEncoded => Headers.Any(h => h.Key.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase)
        && h.Value.Split(',').Any(c => c.Trim().Length > 0 && !c.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The charset parameter of Content-Type, or null.</summary>
    public string? Charset =>
        Header("Content-Type")?.Split(';').Skip(1).Select(p => p.Trim())
            .FirstOrDefault(p => p.StartsWith("charset=", StringComparison.OrdinalIgnoreCase))?["charset=".Length..].Trim('"');

    /// <summary>The media type of Content-Type, lower case, or null.</summary>
    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim().ToLowerInvariant() is { Length: > 0 } m ? m : null;

    /// <summary>Reads one reply; null when it does not start with an HTTP/x status line and a complete header block.</summary>
    public static ReferenceResponse? Parse(byte[] bytes)
    {
        var pos = 0;
        while (true)
        {
            var statusLine = ReadLine(bytes, ref pos);
            if (statusLine is null || !statusLine.StartsWith("HTTP/", StringComparison.Ordinal))
            {
                return null;
            }

            var fields = statusLine.Split(' ', 3);
            if (fields.Length < 2 || fields[1].Length != 3 || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                return null;
            }

            var headers = new List<KeyValuePair<string, string>>();
            while (true)
            {
                var line = ReadLine(bytes, ref pos);
                if (line is null)
                {
                    return null;
                }

                if (line.Length == 0)
                {
                    break;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
                }
            }

            if (status is >= 100 and < 200)
            {
                continue;
            }

            var response = new ReferenceResponse(status, headers, null);
            return response with { Body = Frame(response, bytes.AsSpan(pos)) };
        }
    }

    private static byte[]? Frame(ReferenceResponse response, ReadOnlySpan<byte> rest)
    {
        if (response.Status is 204 or 304)
        {
            return [];
        }

        var te = response.Header("Transfer-Encoding");
        if (te is not null && te.Split(',')[^1].Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return Dechunk(rest);
        }

        if (response.Header("Content-Length") is { } cl && long.TryParse(cl, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            return rest.Length >= length ? rest[..(int)length].ToArray() : null;
        }

        return rest.ToArray();
    }

    private static byte[]? Dechunk(ReadOnlySpan<byte> rest)
    {
        var bytes = rest.ToArray();
        var pos = 0;
        using var body = new MemoryStream();
        while (true)
        {
            var line = ReadLine(bytes, ref pos);
            var digits = line?.Split(';')[0].Trim();
            if (digits is null || !long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                return null;
            }

            if (size == 0)
            {
                return body.ToArray();
            }

            if (bytes.Length - pos < size)
            {
                return null;
            }

            body.Write(bytes, pos, (int)size);
            pos += (int)size;
            if (ReadLine(bytes, ref pos) is not "")
            {
                return null;
            }
        }
    }

    // One line up to LF, without its CR LF; null at the end of the bytes.
    private static string? ReadLine(byte[] bytes, ref int pos)
    {
        if (pos >= bytes.Length)
        {
            return null;
        }

        var lf = Array.IndexOf(bytes, (byte)'\n', pos);
        if (lf < 0)
        {
            return null;
        }

        var end = lf > pos && bytes[lf - 1] == '\r' ? lf - 1 : lf;
        var line = Encoding.Latin1.GetString(bytes, pos, end - pos);
        pos = lf + 1;
        return line;
    }
}
