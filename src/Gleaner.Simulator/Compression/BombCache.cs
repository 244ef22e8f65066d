using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;

namespace Gleaner.Simulator.Compression;

/// <summary>
/// Builds each decompression bomb once, on first request, by streaming a repeated byte through the compressor
/// (never holding the decoded body), and keeps the small result for every later request.
/// </summary>
/// <remarks>
/// The decoded body is a short HTML prefix followed by spaces, not zeros, so it reads as text: the only limit a
/// client can hit is the decoded-size cap, not a binary-content sniff.
/// </remarks>
internal sealed class BombCache(long decodedBytes, CancellationToken stopping)
{
    public const string Gzip = "gzip";
    public const string Brotli = "br";
    public const string Deflate = "deflate";

    private static readonly byte[] Prefix = Encoding.ASCII.GetBytes(
        "<!DOCTYPE html><html><head><title>Current conditions</title></head><body><p>Loading the temperature");

    private readonly ConcurrentDictionary<string, Lazy<Task<Bomb>>> _bombs = new(StringComparer.Ordinal);

    public Task<Bomb> GetAsync(string contentEncoding) => _bombs.GetOrAdd(contentEncoding,
        encoding => new Lazy<Task<Bomb>>(() => Task.Run(() => Build(encoding), stopping))).Value;

    private Bomb Build(string encoding)
    {
        using var wire = new MemoryStream();
        using (var compressor = Compressor(encoding, wire))
        {
            compressor.Write(Prefix);
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            for (var left = decodedBytes - Prefix.Length; left > 0; left -= spaces.Length)
            {
                stopping.ThrowIfCancellationRequested();
                compressor.Write(spaces, 0, (int)Math.Min(left, spaces.Length));
            }
        }
        return new Bomb(encoding, wire.ToArray(), decodedBytes);
    }

    // Optimal (zlib level 6) reaches deflate's ~1030:1 ceiling on a run of one byte, 8x faster than level 9;
    // Brotli quality 5 turns 1 GiB into under 2 KiB in well under a second.
    private static Stream Compressor(string encoding, Stream wire) => encoding switch
    {
        Gzip => new GZipStream(wire, CompressionLevel.Optimal, leaveOpen: true),
        Deflate => new ZLibStream(wire, CompressionLevel.Optimal, leaveOpen: true),
        Brotli => new BrotliStream(wire, new BrotliCompressionOptions { Quality = 5 }, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown content coding"),
    };
}
