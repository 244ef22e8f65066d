using Gleaner.Units;

namespace Gleaner.Fetching;

/// <summary>
/// The stall guard: a fetch fails as <see cref="Outcome.Stalled"/> when fewer than <see cref="MinBytes"/> arrive
/// in any <see cref="Window"/>. Written <c>2KiB/5s</c>.
/// </summary>
/// <param name="MinBytes">Bytes that must arrive in each window; 0 disables the guard.</param>
/// <param name="Window">The length of one window.</param>
public readonly record struct StallRule(long MinBytes, TimeSpan Window)
{
    /// <summary>The default: 2 KiB per 5 s.</summary>
    public static StallRule Default => new(2048, TimeSpan.FromSeconds(5));

    /// <summary>No stall guard.</summary>
    public static StallRule Off => new(0, TimeSpan.Zero);

    /// <summary>True when the guard is active.</summary>
    public bool IsEnabled => MinBytes > 0 && Window > TimeSpan.Zero;

    /// <summary>Parses <c>SIZE/DURATION</c> (e.g. <c>2KiB/5s</c>) or <c>off</c>.</summary>
    public static bool TryParse(string? text, out StallRule rule, out string? problem)
    {
        rule = Off;
        problem = null;
        if (string.Equals(text?.Trim(), "off", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var parts = (text ?? "").Split('/');
        if (parts.Length != 2)
        {
            problem = $"'{text}' is not a stall rule (write SIZE/DURATION, e.g. 2KiB/5s, or off)";
            return false;
        }

        if (!ByteSize.TryParse(parts[0], out var bytes, out problem) || !Duration.TryParse(parts[1], out var window, out problem))
        {
            return false;
        }

        if (window <= TimeSpan.Zero)
        {
            problem = $"'{text}': the window must be longer than zero";
            return false;
        }

        rule = new StallRule(bytes, window);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => IsEnabled ? $"{ByteSize.Format(MinBytes)}/{Duration.Format(Window)}" : "off";
}
