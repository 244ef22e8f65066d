using System.Collections.Concurrent;
using System.Net;

namespace Gleaner.Extraction;

/// <summary>
/// Decodes one HTML character reference ("&amp;deg;", "&amp;#8722;"), remembering what it decoded: a page holds the
/// same few references over and over, and a run decodes thousands of pages. The memory is bounded, so a page made of
/// distinct references costs time (each decoded anew), never unbounded memory.
/// </summary>
internal static class References
{
    private const int MaxRemembered = 4096;
    private static readonly ConcurrentDictionary<string, string> Decoded = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        Decoded.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>What <paramref name="reference"/> (from '&amp;' to ';') stands for; itself when it is unknown.</summary>
    public static string Decode(ReadOnlySpan<char> reference)
    {
        if (BySpan.TryGetValue(reference, out var known))
        {
            return known;
        }

        var written = reference.ToString();
        var decoded = WebUtility.HtmlDecode(written);
        if (Decoded.Count < MaxRemembered)
        {
            Decoded.TryAdd(written, decoded);
        }

        return decoded;
    }
}
