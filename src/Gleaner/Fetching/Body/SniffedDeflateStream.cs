using System.IO.Compression;

namespace Gleaner.Fetching.Body;

/// <summary>
/// HTTP "deflate" means zlib-wrapped data (RFC 9110), but many servers send raw deflate. The first two bytes
/// tell which: a zlib header has compression method 8 and is a multiple of 31.
/// </summary>
internal sealed class SniffedDeflateStream(Stream inner) : ReadOnlyStream
{
    private Stream? _decoder;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _decoder ??= await SniffAsync(cancellationToken);
        return await _decoder.ReadAsync(buffer, cancellationToken);
    }

    private async Task<Stream> SniffAsync(CancellationToken cancellationToken)
    {
        var head = new byte[2];
        var got = 0;
        while (got < 2)
        {
            var n = await inner.ReadAsync(head.AsMemory(got), cancellationToken);
            if (n == 0)
            {
                break;
            }

            got += n;
        }

        var isZlib = got == 2 && (head[0] & 0x0f) == 8 && ((head[0] << 8) | head[1]) % 31 == 0;
        var replay = new PrefixedStream(head.AsMemory(0, got), inner);
        return isZlib ? new ZLibStream(replay, CompressionMode.Decompress) : new DeflateStream(replay, CompressionMode.Decompress);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            (_decoder ?? inner).Dispose();
        }

        base.Dispose(disposing);
    }
}
