using System.Buffers;

namespace Gleaner.Fetching.Body;

/// <summary>
/// The decoded body in a buffer rented from the shared pool, grown by doubling up to the cap; memory per fetch is
/// O(cap) whatever the server sends. Return it with <see cref="Dispose"/>.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private const int InitialSize = 16 << 10;
    private byte[] _buffer;

    public PooledBody(long expectedLength, long cap)
    {
        var first = expectedLength > 0 ? Math.Min(expectedLength + 1, cap + 1) : InitialSize;
        _buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(first, 256));
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>Space to read the next bytes into, never more than <paramref name="limit"/> bytes in total.</summary>
    public Memory<byte> FreeSpace(long limit)
    {
        if (Length == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, Math.Max(limit, _buffer.Length + 1)));
            _buffer.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        return _buffer.AsMemory(Length, (int)Math.Min(_buffer.Length - Length, limit - Length));
    }

    public void Advance(int count) => Length += count;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        Length = 0;
    }
}
