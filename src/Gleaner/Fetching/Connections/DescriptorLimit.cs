using System.Globalization;

namespace Gleaner.Fetching.Connections;

/// <summary>The process's limit on open descriptors (RLIMIT_NOFILE's soft value), as Linux reports it.</summary>
internal static class DescriptorLimit
{
    /// <summary>Descriptors kept for what is not a socket: the runtime's own, outputs, SQLite and its journal.</summary>
    public const int Reserve = 128;

    /// <summary>The soft limit, or null where it cannot be read (not Linux) or is unlimited.</summary>
    public static int? Soft()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                // "Max open files            20000                20000                files"
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var words = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return words.Length > 0 && int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No /proc: no limit known.
        }

        return null;
    }

    /// <summary>Sockets a fetcher may hold: the soft limit less the reserve (at most half of it).</summary>
    public static int SocketBudget(int? soft) =>
        soft is { } limit ? Math.Max(1, limit - Math.Min(Reserve, limit / 2)) : int.MaxValue;
}
