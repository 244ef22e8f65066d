namespace Gleaner.Politeness.Robots;

/// <summary>
/// A group: one or more user-agent lines and the rules after them (RFC 9309 section 2.1). Groups for the same
/// product token are merged at match time by reading the rules of every group the token names.
/// </summary>
internal sealed class RobotsGroup
{
    /// <summary>The Allow and Disallow lines of the group, empty patterns left out (they match nothing).</summary>
    public List<RobotsRule> Rules { get; } = [];
}
