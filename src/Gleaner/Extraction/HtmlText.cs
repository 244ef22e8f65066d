using System.Buffers;
using System.Net;

namespace Gleaner.Extraction;

/// <summary>Text helpers for HTML that reaches a step as raw markup.</summary>
internal static class HtmlText
{
    /// <summary>
    /// Decodes HTML character references (<c>&amp;deg;</c> → °, <c>&amp;#8722;</c> → −) and leaves the markup
    /// itself in place, so a regex written against what a person sees on the page still matches.
    /// </summary>
    /// <remarks>
    /// Each reference is decoded on its own. A bare <c>&amp;</c> (common in real pages: <c>?lat=45&amp;lon=-122</c>)
    /// stays as it is and does not swallow what follows; <see cref="WebUtility.HtmlDecode(string)"/> over a whole
    /// page would read from such an ampersand to the next <c>;</c> as one unknown reference and leave every
    /// reference in between undecoded. Text between references is copied in bulk.
    /// </remarks>
    public static string Decode(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (!html.Contains('&', StringComparison.Ordinal))
        {
            return html;
        }

        var buffer = ArrayPool<char>.Shared.Rent(html.Length);
        try
        {
            html.CopyTo(buffer);
            return new string(buffer, 0, DecodeInPlace(buffer.AsSpan(0, html.Length)));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Decodes the character references in <paramref name="text"/> where it lies, moving what follows each one
    /// down; returns the decoded length. A reference never decodes to more chars than it is written with (the
    /// longest result, a surrogate pair, comes from at least "&amp;#65536;"), so writing never overtakes reading.
    /// </summary>
    internal static int DecodeInPlace(Span<char> text)
    {
        var amp = text.IndexOf('&');
        if (amp < 0)
        {
            return text.Length;
        }

        var written = amp;
        var copied = amp;
        while (amp >= 0)
        {
            var end = ReferenceEnd(text, amp);
            if (end > 0)
            {
                text[copied..amp].CopyTo(text[written..]);
                written += amp - copied;
                var reference = text[amp..(end + 1)];
                if (References.Decode(reference) is { } decoded && decoded.Length <= reference.Length)
                {
                    decoded.CopyTo(text[written..]);
                    written += decoded.Length;
                }
                else
                {
                    reference.CopyTo(text[written..]);
                    written += reference.Length;
                }

                copied = end + 1;
            }

            var from = end > 0 ? end + 1 : amp + 1;
            var next = text[from..].IndexOf('&');
            amp = next < 0 ? -1 : from + next;
        }

        text[copied..].CopyTo(text[written..]);
        return written + text.Length - copied;
    }

    // The index of the ';' that ends a character reference starting at 'amp', or -1 when none does: a name or
    // number of letters, digits and '#' (x for hex), at most as long as HTML's longest named reference.
    private static int ReferenceEnd(ReadOnlySpan<char> html, int amp)
    {
        const int LongestReference = 32;
        var limit = Math.Min(html.Length, amp + 2 + LongestReference);
        for (var i = amp + 1; i < limit; i++)
        {
            var c = html[i];
            if (c == ';')
            {
                return i > amp + 1 ? i : -1;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c != '#')
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>Collapses every run of white space (including no-break spaces) to one space and trims the ends.</summary>
    public static string CollapseWhitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
