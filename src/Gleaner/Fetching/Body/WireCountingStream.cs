namespace Gleaner.Fetching.Body;

/// <summary>
/// A read-only view of the body as it arrives that feeds the stall guard and stops at the wire-size cap
/// (cap + 1 bytes are ever requested from the connection).
/// </summary>
internal sealed class WireCountingStream(Stream inner, FetchWatchdog watchdog, long maxBytes) : ReadOnlyStream
{
    private long _read;

    public long BytesRead => _read;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var allowed = (int)Math.Min(buffer.Length, maxBytes + 1 - _read);
        if (allowed <= 0)
        {
            throw TooLarge();
        }

        var n = await inner.ReadAsync(buffer[..allowed], cancellationToken);
        _read += n;
        watchdog.OnBytes(n);
        return _read > maxBytes ? throw TooLarge() : n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private FetchFailure TooLarge() =>
        new(Outcome.TooLarge, $"the body is larger than the wire cap of {Units.ByteSize.Format(maxBytes)}");
}
