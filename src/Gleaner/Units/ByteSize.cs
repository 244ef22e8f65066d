using System.Globalization;

namespace Gleaner.Units;

/// <summary>
/// Parses and prints byte sizes as users write them: <c>2MiB</c>, <c>500KiB</c>, <c>64KB</c>, <c>1048576</c>.
/// Binary suffixes (KiB, MiB, GiB) are powers of 1024; decimal ones (KB, MB, GB) powers of 1000.
/// </summary>
internal static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Suffixes =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1),
    ];

    /// <summary>Parses <paramref name="text"/>; returns false with a one-line problem when it is not a size.</summary>
    public static bool TryParse(string? text, out long bytes, out string? problem)
    {
        bytes = 0;
        problem = null;
        var s = (text ?? "").Trim();
        long factor = 1;
        foreach (var (suffix, f) in Suffixes)
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = f;
                s = s[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            problem = $"'{text}' is not a size (examples: 2MiB, 500KiB, 1048576)";
            return false;
        }

        var value = number * factor;
        if (value > long.MaxValue / 2)
        {
            problem = $"'{text}' is too large";
            return false;
        }

        bytes = (long)decimal.Floor(value);
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> naming the problem.</summary>
    public static long Parse(string text) =>
        TryParse(text, out var bytes, out var problem) ? bytes : throw new FormatException(problem);

    /// <summary>Formats <paramref name="bytes"/> with the largest exact binary suffix (<c>2MiB</c>), else in bytes.</summary>
    public static string Format(long bytes)
    {
        foreach (var (suffix, factor) in new[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10) })
        {
            if (bytes >= factor && bytes % factor == 0)
            {
                return (bytes / factor).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }
}
