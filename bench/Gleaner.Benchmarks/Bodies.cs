using System.IO.Compression;

namespace Gleaner.Benchmarks;

/// <summary>Response bodies for the read benchmarks: the MapClick page cut or repeated to a size, then encoded.</summary>
internal static class Bodies
{
    /// <summary>The first <paramref name="size"/> bytes of the MapClick page repeated end to end.</summary>
    public static byte[] MapClickOfSize(int size)
    {
        var page = Fixtures.Weather(Fixtures.MapClickHtml);
        var body = new byte[size];
        for (var at = 0; at < size; at += page.Length)
        {
            page.AsSpan(0, Math.Min(page.Length, size - at)).CopyTo(body.AsSpan(at));
        }

        return body;
    }

    /// <summary><paramref name="plain"/> under a Content-Encoding (identity, gzip or br), at each codec's default level.</summary>
    public static byte[] Encode(byte[] plain, string coding)
    {
        if (coding == "identity")
        {
            return plain;
        }

        using var output = new MemoryStream();
        using (Stream encoder = coding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true),
            _ => throw new ArgumentException($"unknown coding {coding}", nameof(coding)),
        })
        {
            encoder.Write(plain);
        }

        return output.ToArray();
    }
}
