namespace Gleaner.Extraction;

/// <summary>
/// Tells HTML from XML by the first thing in the document, the way a person glancing at it would: the root
/// element decides. A document whose root is <c>&lt;html&gt;</c> (or that opens with an HTML doctype) is HTML,
/// even with an XML declaration (XHTML is read the forgiving way); any other root element is XML. Text that
/// does not start with markup at all is neither.
/// </summary>
internal static class DocumentSniffer
{
    // Comments and doctypes before the root are skipped, but only within this prefix: the root is near the top.
    private const int ScanLimit = 8192;

    public static DocumentKind Sniff(string document) => Sniff(document.AsSpan());

    public static DocumentKind Sniff(ReadOnlySpan<char> document)
    {
        var span = document[..Math.Min(document.Length, ScanLimit)];
        span = TrimStart(span);
        if (span.IsEmpty || span[0] != '<')
        {
            return DocumentKind.Text;
        }

        while (!span.IsEmpty && span[0] == '<')
        {
            if (span.StartsWith("<!--", StringComparison.Ordinal))
            {
                span = SkipPast(span, "-->");
            }
            else if (span.StartsWith("<!doctype", StringComparison.OrdinalIgnoreCase))
            {
                var doctype = span[9..].TrimStart();
                if (doctype.StartsWith("html", StringComparison.OrdinalIgnoreCase))
                {
                    return DocumentKind.Html;
                }

                span = SkipPast(span, ">");
            }
            else if (span.StartsWith("<?", StringComparison.Ordinal))
            {
                span = SkipPast(span, "?>");
            }
            else
            {
                return IsHtmlRoot(span[1..]) ? DocumentKind.Html : DocumentKind.Xml;
            }

            span = TrimStart(span);
        }

        // Only prologue within the scanned prefix: trust an XML declaration if there was one.
        return TrimStart(document).StartsWith("<?xml", StringComparison.Ordinal) ? DocumentKind.Xml : DocumentKind.Html;
    }

    /// <summary>Removes a byte order mark and leading white space, which XML parsers refuse before the declaration.</summary>
    public static ReadOnlySpan<char> TrimStart(ReadOnlySpan<char> text) => text.TrimStart('\uFEFF').TrimStart();

    private static bool IsHtmlRoot(ReadOnlySpan<char> afterBracket) =>
        afterBracket.StartsWith("html", StringComparison.OrdinalIgnoreCase)
        && (afterBracket.Length == 4 || afterBracket[4] is '>' or '/' || char.IsWhiteSpace(afterBracket[4]));

    private static ReadOnlySpan<char> SkipPast(ReadOnlySpan<char> span, string end)
    {
        var at = span.IndexOf(end, StringComparison.Ordinal);
        return at < 0 ? [] : span[(at + end.Length)..];
    }
}
