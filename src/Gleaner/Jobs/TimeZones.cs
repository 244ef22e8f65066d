using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Gleaner.Fetching.Addresses;

namespace Gleaner.Jobs;

/// <summary>Finds a time zone by its IANA name (<c>Europe/Paris</c>), and when there is none, the name that was meant.</summary>
internal static class TimeZones
{
    private const int MaxIdLength = 64;

    // What IANA names are made of. The name becomes a path under the system's zoneinfo folder, so nothing else (no
    // dots, no leading or doubled slash) reaches the lookup.
    private static readonly SearchValues<char> IdChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-");

    // Listing the zones reads the system's zone files (tens of milliseconds): once, and only when a name is wrong.
    private static readonly Lazy<List<string>> KnownIds = new(() =>
        [.. TimeZoneInfo.GetSystemTimeZones(skipSorting: true).Select(z => z.Id).Order(StringComparer.Ordinal)]);

    /// <summary>The zone named <paramref name="id"/>, or false with a problem that names it and suggests a known name.</summary>
    public static bool TryFind(string id, [NotNullWhen(true)] out TimeZoneInfo? zone, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(id);
        zone = null;
        problem = null;
        if (id.Length is > 0 and <= MaxIdLength && !id.AsSpan().ContainsAnyExcept(IdChars)
            && !id.StartsWith('/') && !id.EndsWith('/') && !id.Contains("//", StringComparison.Ordinal))
        {
            try
            {
                // Once a zone is loaded, .NET finds it again whatever the case; on disk the name is exact. Holding to
                // the exact name gives the same answer however many zones were loaded before.
                zone = TimeZoneInfo.FindSystemTimeZoneById(id);
                if (zone.Id == id)
                {
                    return true;
                }

                zone = null;
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                // Not a zone (or a file in the zoneinfo folder that is not one): said below like any unknown name.
            }
        }

        var shown = UrlText.Show(id);
        problem = Suggest(id) is { } near
            ? $"{shown} is not a known time zone; did you mean '{near}'?"
            : $"{shown} is not a known time zone (write an IANA name such as Europe/Paris, America/New_York or UTC)";
        return false;
    }

    /// <summary>The known name <paramref name="id"/> was meant to be: the same but for case, the same city, or a close spelling.</summary>
    internal static string? Suggest(string id)
    {
        if (id.Length > MaxIdLength)
        {
            return null;
        }

        var ids = KnownIds.Value;
        var written = id.Trim().Replace(' ', '_');
        return ids.FirstOrDefault(known => string.Equals(known, written, StringComparison.OrdinalIgnoreCase))
            ?? ids.FirstOrDefault(known => string.Equals(City(known), written, StringComparison.OrdinalIgnoreCase))
            ?? KeySuggester.Nearest(id, ids);
    }

    private static string City(string id) => id[(id.LastIndexOf('/') + 1)..];
}
