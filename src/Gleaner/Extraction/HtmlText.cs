using System.Net;

namespace Gleaner.Extraction;

/// <summary>Text helpers for HTML that reaches a step as raw markup.</summary>
public static class HtmlText
{
    /// <summary>
    /// Decodes HTML character references (<c>&amp;deg;</c> → °, <c>&amp;#8722;</c> → −) and leaves the markup
    /// itself in place, so a regex written against what a person sees on the page still matches.
    /// </summary>
    public static string Decode(string html)
    {
        ArgumentNullException.ThrowIfNull(html);

        // Most text has no references at all; skip the decoder's copy for it.
        return html.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(html) : html;
    }

    /// <summary>Collapses every run of white space (including no-break spaces) to one space and trims the ends.</summary>
    public static string CollapseWhitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
