using System.Globalization;

namespace Gleaner.Units;

/// <summary>
/// Parses and prints durations as users write them: <c>10s</c>, <c>500ms</c>, <c>2m</c>, <c>1h</c>, <c>1.5s</c>.
/// </summary>
internal static class Duration
{
    private static readonly (string Suffix, double Milliseconds)[] Suffixes =
    [
        // "ms" before "s" and "m": the longest suffix that matches wins.
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ];

    /// <summary>Parses <paramref name="text"/>; returns false with a one-line problem when it is not a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string? problem)
    {
        duration = default;
        problem = null;
        var s = (text ?? "").Trim();
        foreach (var (suffix, ms) in Suffixes)
        {
            if (s.Length > suffix.Length && s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(s[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                var total = number * ms;
                if (total > TimeSpan.FromDays(365).TotalMilliseconds)
                {
                    problem = $"'{text}' is longer than a year";
                    return false;
                }

                duration = TimeSpan.FromMilliseconds(total);
                return true;
            }
        }

        problem = $"'{text}' is not a duration (examples: 10s, 500ms, 2m, 1h)";
        return false;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> naming the problem.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration, out var problem) ? duration : throw new FormatException(problem);

    /// <summary>Formats a duration compactly: <c>10s</c>, <c>250ms</c>, <c>1.5s</c>.</summary>
    public static string Format(TimeSpan duration) =>
        duration.TotalMilliseconds < 1000
            ? duration.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture) + "ms"
            : duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
