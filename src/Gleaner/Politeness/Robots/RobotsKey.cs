namespace Gleaner.Politeness.Robots;

/// <summary>The kind of a robots.txt line, from its key.</summary>
internal enum RobotsKey
{
    Unknown,
    UserAgent,
    Allow,
    Disallow,
    Sitemap,
    CrawlDelay,
}
