namespace Gleaner.Politeness.Robots;

/// <summary>
/// Splits robots.txt bytes into lines: CR, LF and CRLF each end a line (RFC 9309 section 2.2), a UTF-8 byte order
/// mark (or the start of one) is skipped, and at most <see cref="RobotsLimits.MaxContentBytes"/> are read.
/// </summary>
internal ref struct RobotsLines
{
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private ReadOnlySpan<byte> _rest;

    public RobotsLines(ReadOnlySpan<byte> content)
    {
        if (content.Length > RobotsLimits.MaxContentBytes)
        {
            // A line cut by the limit could turn "Disallow: /private" into a broader or narrower rule than written;
            // drop it and keep only whole lines.
            content = content[..RobotsLimits.MaxContentBytes];
            content = content[..(content.LastIndexOfAny((byte)'\r', (byte)'\n') + 1)];
        }

        // Google-specific, and in its CTC tests: a whole or partial BOM is skipped, byte by byte while it matches.
        var skip = 0;
        while (skip < ByteOrderMark.Length && skip < content.Length && content[skip] == ByteOrderMark[skip])
        {
            skip++;
        }

        _rest = content[skip..];
        LineNumber = 0;
    }

    /// <summary>The 1-based number of the line last read.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Reads the next line without its line end, cut to <see cref="RobotsLimits.MaxLineBytes"/>.</summary>
    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        if (_rest.IsEmpty)
        {
            line = default;
            return false;
        }

        var end = _rest.IndexOfAny((byte)'\r', (byte)'\n');
        if (end < 0)
        {
            line = _rest;
            _rest = [];
        }
        else
        {
            line = _rest[..end];
            var lineEnd = _rest[end] == '\r' && end + 1 < _rest.Length && _rest[end + 1] == '\n' ? 2 : 1;
            _rest = _rest[(end + lineEnd)..];
        }

        if (line.Length > RobotsLimits.MaxLineBytes)
        {
            line = line[..RobotsLimits.MaxLineBytes];
        }

        LineNumber++;
        return true;
    }
}
