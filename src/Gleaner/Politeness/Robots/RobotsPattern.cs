using System.Text;

namespace Gleaner.Politeness.Robots;

/// <summary>
/// Normalises and matches Allow/Disallow patterns (RFC 9309 section 2.2.2–2.2.3): <c>*</c> matches any run of
/// octets, a final <c>$</c> anchors the end, everything else compares octet by octet, case-sensitively.
/// </summary>
internal static class RobotsPattern
{
    /// <summary>
    /// The pattern as it is compared: octets outside US-ASCII are percent-encoded and the hex digits of existing
    /// <c>%xx</c> escapes are upper-cased, so <c>/ツ</c>, <c>/%E3%83%84</c> and <c>/%e3%83%84</c> are one pattern.
    /// Escapes of unreserved characters (<c>%62</c>) are left as written, on both sides, as Google's reference
    /// parser does: its ID_Encoding tests (not marked Google-specific) expect <c>Allow: /%62%61%7A</c> to match
    /// <c>/%62%61%7A</c> and not <c>/baz</c>, which no decoding of either side satisfies.
    /// </summary>
    public static string Normalise(ReadOnlySpan<byte> pattern)
    {
        var text = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var octet = pattern[i];
            if (octet == '%' && i + 2 < pattern.Length && IsHex(pattern[i + 1]) && IsHex(pattern[i + 2]))
            {
                text.Append('%').Append(ToUpper(pattern[i + 1])).Append(ToUpper(pattern[i + 2]));
                i += 2;
            }
            else if (octet >= 0x80)
            {
                text.Append('%').Append(HexDigit(octet >> 4)).Append(HexDigit(octet & 0xF));
            }
            else
            {
                text.Append((char)octet);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The path as it is compared: hex digits of <c>%xx</c> escapes upper-cased (RFC 3986 section 2.1 makes them
    /// equivalent). Nothing else changes: the caller sends the path percent-encoded.
    /// </summary>
    public static string NormalisePath(string path)
    {
        var firstLower = -1;
        for (var i = path.IndexOf('%'); i >= 0 && i + 2 < path.Length; i = path.IndexOf('%', i + 1))
        {
            if (IsHex(path[i + 1]) && IsHex(path[i + 2]) && (char.IsAsciiLetterLower(path[i + 1]) || char.IsAsciiLetterLower(path[i + 2])))
            {
                firstLower = i;
                break;
            }
        }

        if (firstLower < 0)
        {
            return path;
        }

        return string.Create(path.Length, (path, firstLower), static (span, state) =>
        {
            var (source, start) = state;
            source.AsSpan().CopyTo(span);
            for (var i = start; i + 2 < span.Length; i++)
            {
                if (span[i] == '%' && IsHex(span[i + 1]) && IsHex(span[i + 2]))
                {
                    span[i + 1] = char.ToUpperInvariant(span[i + 1]);
                    span[i + 2] = char.ToUpperInvariant(span[i + 2]);
                    i += 2;
                }
            }
        });
    }

    /// <summary>
    /// Whether <paramref name="pattern"/> matches a prefix of <paramref name="path"/> (all of it when the pattern
    /// ends in <c>$</c>). The literal runs between wildcards are placed leftmost, one after another, which is
    /// enough for <c>*</c>-only globs and never backtracks: the cost is bounded by path × pattern, in practice
    /// one vectorised scan of the path per run.
    /// </summary>
    public static bool Matches(ReadOnlySpan<char> path, ReadOnlySpan<char> pattern)
    {
        var anchored = !pattern.IsEmpty && pattern[^1] == '$';
        if (anchored)
        {
            pattern = pattern[..^1];
        }

        var firstStar = pattern.IndexOf('*');
        if (firstStar < 0)
        {
            return anchored ? path.SequenceEqual(pattern) : path.StartsWith(pattern, StringComparison.Ordinal);
        }

        if (!path.StartsWith(pattern[..firstStar], StringComparison.Ordinal))
        {
            return false;
        }

        var position = firstStar;
        var rest = pattern[(firstStar + 1)..];
        var lastStar = rest.LastIndexOf('*');
        var tail = rest[(lastStar + 1)..];
        var middle = lastStar < 0 ? [] : rest[..lastStar];

        while (!middle.IsEmpty)
        {
            var star = middle.IndexOf('*');
            var literal = star < 0 ? middle : middle[..star];
            middle = star < 0 ? [] : middle[(star + 1)..];
            if (literal.IsEmpty)
            {
                continue;
            }

            var found = path[position..].IndexOf(literal, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position += found + literal.Length;
        }

        return anchored
            ? path.Length - position >= tail.Length && path.EndsWith(tail, StringComparison.Ordinal)
            : path[position..].Contains(tail, StringComparison.Ordinal);
    }

    private static bool IsHex(byte octet) => char.IsAsciiHexDigit((char)octet);

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static char ToUpper(byte octet) => char.ToUpperInvariant((char)octet);

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);
}
