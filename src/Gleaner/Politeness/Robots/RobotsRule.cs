namespace Gleaner.Politeness.Robots;

/// <summary>One Allow or Disallow line: its pattern, normalised by <see cref="RobotsPattern.Normalise"/>.</summary>
internal readonly record struct RobotsRule(string Pattern, bool Allow)
{
    /// <summary>How specific the rule is: the octets of its pattern (RFC 9309 section 2.2.2), so the longest wins.</summary>
    public int Priority => Pattern.Length;
}
