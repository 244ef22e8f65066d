using System.Globalization;
using Gleaner.Units;

namespace Gleaner.Cli.History;

/// <summary><c>--since</c>: a duration back from now (<c>24h</c>, <c>7d</c>) or a time (<c>2026-12-04T10:00:00Z</c>; UTC unless it says otherwise).</summary>
internal static class Since
{
    /// <summary>The time <paramref name="text"/> names, or null with a one-line problem.</summary>
    public static DateTimeOffset? Parse(string text, DateTimeOffset now, out string? problem)
    {
        problem = null;
        if (Duration.TryParse(text, out var back, out _))
        {
            return now - back;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        problem = $"--since '{text}' is neither a duration (24h, 7d, 90m) nor a time (2026-12-04T10:00:00Z)";
        return null;
    }
}
