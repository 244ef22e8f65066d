using System.Text;

namespace Gleaner.Politeness.Robots;

/// <summary>Reads one robots.txt line as <c>key: value # comment</c> (RFC 9309 section 2.2).</summary>
internal static class RobotsLineSyntax
{
    /// <summary>
    /// Splits a line into trimmed key and value, after dropping its comment. False for blank and comment-only lines
    /// and for lines that have no separator.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        key = value = default;
        var comment = line.IndexOf((byte)'#');
        if (comment >= 0)
        {
            line = line[..comment];
        }

        line = Trim(line);
        var colon = line.IndexOf((byte)':');
        if (colon >= 0)
        {
            key = Trim(line[..colon]);
            value = Trim(line[(colon + 1)..]);
            return !key.IsEmpty;
        }

        // Google-specific: a missing colon is tolerated when whitespace stands in for it and the line is exactly
        // two words ("disallow /"); a line of three or more words stays unparseable.
        var space = line.IndexOfAny((byte)' ', (byte)'\t');
        if (space < 0)
        {
            return false;
        }

        value = line[space..].TrimStart(" \t"u8);
        if (value.IndexOfAny((byte)' ', (byte)'\t') >= 0)
        {
            value = default;
            return false;
        }

        key = line[..space];
        return true;
    }

    /// <summary>What a key names, ignoring case.</summary>
    public static RobotsKey Classify(ReadOnlySpan<byte> key)
    {
        // Google-specific: "useragent" and "user agent" are accepted typos, as are the Disallow and Sitemap ones below.
        if (Is(key, "user-agent"u8) || Is(key, "useragent"u8) || Is(key, "user agent"u8))
        {
            return RobotsKey.UserAgent;
        }

        if (Is(key, "allow"u8))
        {
            return RobotsKey.Allow;
        }

        // The misspellings Google's parser accepts as Disallow (robots.cc, kAllowFrequentTypos).
        if (Is(key, "disallow"u8) || Is(key, "dissallow"u8) || Is(key, "dissalow"u8) || Is(key, "disalow"u8)
            || Is(key, "diasllow"u8) || Is(key, "disallaw"u8))
        {
            return RobotsKey.Disallow;
        }

        if (Is(key, "sitemap"u8) || Is(key, "site-map"u8))
        {
            return RobotsKey.Sitemap;
        }

        // Not in RFC 9309; honoured by Bing, Yandex and others, and a politeness signal we choose to obey.
        return Is(key, "crawl-delay"u8) ? RobotsKey.CrawlDelay : RobotsKey.Unknown;
    }

    /// <summary>The value as text; invalid UTF-8 becomes U+FFFD.</summary>
    public static string Text(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value);

    private static bool Is(ReadOnlySpan<byte> key, ReadOnlySpan<byte> name) => Ascii.EqualsIgnoreCase(key, name);

    // The ASCII whitespace of C's isspace, as Google's parser trims: space, \t, \n, \v, \f, \r.
    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text) => text.Trim(" \t\n\v\f\r"u8);
}
