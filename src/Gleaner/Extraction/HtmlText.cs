using System.Net;
using System.Text;

namespace Gleaner.Extraction;

/// <summary>Text helpers for HTML that reaches a step as raw markup.</summary>
public static class HtmlText
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
        var amp = html.IndexOf('&', StringComparison.Ordinal);
        if (amp < 0)
        {
            return html;
        }

        var output = new StringBuilder(html.Length);
        var copied = 0;
        while (amp >= 0)
        {
            var end = ReferenceEnd(html, amp);
            if (end > 0)
            {
                output.Append(html, copied, amp - copied);
                output.Append(WebUtility.HtmlDecode(html.Substring(amp, end - amp + 1)));
                copied = end + 1;
            }

            amp = html.IndexOf('&', end > 0 ? end + 1 : amp + 1);
        }

        return output.Append(html, copied, html.Length - copied).ToString();
    }

    // The index of the ';' that ends a character reference starting at 'amp', or -1 when none does: a name or
    // number of letters, digits and '#' (x for hex), at most as long as HTML's longest named reference.
    private static int ReferenceEnd(string html, int amp)
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
