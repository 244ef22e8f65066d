namespace Gleaner.Politeness.Robots;

/// <summary>The bounds the robots.txt parser keeps, whatever a server sends.</summary>
internal static class RobotsLimits
{
    /// <summary>
    /// Bytes of a robots.txt that are parsed; the rest is ignored. RFC 9309 section 2.5 asks crawlers to parse
    /// "at least 500 kibibytes".
    /// </summary>
    public const int MaxContentBytes = 500 * 1024;

    /// <summary>
    /// Bytes kept of one line; the rest of the line is dropped and what is kept still counts.
    /// Google-specific: Google's parser cuts at 8 * 2083 bytes (eight maximum-length URLs) less its NUL terminator,
    /// and its GoogleOnly_LineTooLong tests expect exactly this cut.
    /// </summary>
    public const int MaxLineBytes = (8 * 2083) - 1;

    /// <summary>The longest Crawl-delay honoured; a larger value is capped to this.</summary>
    public static readonly TimeSpan MaxCrawlDelay = TimeSpan.FromDays(1);
}
