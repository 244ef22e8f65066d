namespace Gleaner.Politeness.Robots;

/// <summary>
/// One user-agent line's place in a group. The Crawl-delay lives here rather than on the group because a
/// Crawl-delay applies to the user-agent lines above it: in "User-agent: SlowBot / Crawl-delay: 60 /
/// User-agent: *" the two agents share one group's rules (only a rule ends the user-agent lines of a group),
/// yet the delay was written for SlowBot alone.
/// </summary>
internal sealed class RobotsAgentEntry(RobotsGroup group)
{
    public RobotsGroup Group { get; } = group;

    public TimeSpan? CrawlDelay { get; set; }
}
