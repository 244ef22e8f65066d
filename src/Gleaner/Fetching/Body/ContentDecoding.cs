using System.IO.Compression;

namespace Gleaner.Fetching.Body;

/// <summary>
/// Undoes Content-Encoding (gzip, deflate, br) so that size caps count decoded bytes. Gleaner decodes itself
/// rather than letting the handler do it: a bomb is then stopped at the cap, not inflated in memory.
/// </summary>
internal static class ContentDecoding
{
    // Two codings are the most a real server stacks; more is a decompression-chain attack (curl test 387).
    private const int MaxCodings = 2;

    /// <summary>The codings a response's Content-Encoding lists, in order applied, without identity; empty when plain.</summary>
    public static List<string> Parse(ICollection<string> header) =>
        [.. header.SelectMany(c => c.Split(','))
            .Select(c => c.Trim().ToLowerInvariant())
            .Where(c => c.Length > 0 && c != "identity")];

    /// <summary>Wraps <paramref name="wire"/> in decoders for <paramref name="list"/> (from <see cref="Parse"/>).</summary>
    public static Stream Wrap(Stream wire, List<string> list)
    {
        if (list.Count > MaxCodings)
        {
            throw new FetchFailure(Outcome.Protocol, $"{list.Count} stacked content codings ({string.Join(", ", list)}); at most {MaxCodings} are accepted");
        }

        var stream = wire;
        // Codings are listed in the order they were applied; undo them last to first.
        for (var i = list.Count - 1; i >= 0; i--)
        {
            stream = list[i] switch
            {
                "gzip" or "x-gzip" => new GZipStream(stream, CompressionMode.Decompress),
                "deflate" => new SniffedDeflateStream(stream),
                "br" => new BrotliStream(stream, CompressionMode.Decompress),
                _ => throw new FetchFailure(Outcome.Protocol, $"unsupported content coding '{list[i]}'"),
            };
        }

        return stream;
    }
}
