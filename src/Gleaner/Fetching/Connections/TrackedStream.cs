using System.Net.Sockets;

namespace Gleaner.Fetching.Connections;

/// <summary>
/// A connection's socket stream that tells its <see cref="ConnectionRegistry"/> when it closes, whoever closes it.
/// A <see cref="NetworkStream"/> itself, so the handler keeps its fast paths. Once the registry has closed it as
/// idle, every read or write fails with <see cref="IdleConnectionClosedException"/> (not the disposed-object error a
/// closed stream would give), so a fetch that the handler gave this connection knows to send again on another.
/// </summary>
internal sealed class TrackedStream(Socket socket, ConnectionRegistry registry) : NetworkStream(socket, ownsSocket: true)
{
    private int _closed;
    private volatile bool _closedAsIdle;

    /// <summary>The registry's record of the endpoint this connection belongs to.</summary>
    public ConnectionRegistry.Endpoint? Endpoint { get; set; }

    /// <summary>Closes the connection because it sits idle; the registry calls this.</summary>
    public void CloseAsIdle()
    {
        _closedAsIdle = true;
        Dispose();
    }

    public override int Read(byte[] buffer, int offset, int count) => _closedAsIdle ? throw new IdleConnectionClosedException() : base.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _closedAsIdle ? throw new IdleConnectionClosedException() : base.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _closedAsIdle ? Task.FromException<int>(new IdleConnectionClosedException()) : base.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_closedAsIdle)
        {
            return ValueTask.FromException<int>(new IdleConnectionClosedException());
        }

        var read = base.ReadAsync(buffer, cancellationToken);
        return read.IsCompletedSuccessfully ? read : PendingReadAsync(read);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ThrowIfClosedAsIdle();
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfClosedAsIdle();
        base.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _closedAsIdle ? Task.FromException(new IdleConnectionClosedException()) : base.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _closedAsIdle ? ValueTask.FromException(new IdleConnectionClosedException()) : base.WriteAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        // Claimed before the socket closes: closing it fails the handler's pending read (an HTTP/2 connection always
        // has one), and the handler then disposes this stream again on its own thread. The first caller must be the
        // one that tells the registry, so that when the registry closes a connection under its lock the connection
        // is gone from it at once, not once that other thread gets the lock.
        var first = Interlocked.Exchange(ref _closed, 1) == 0;
        try
        {
            base.Dispose(disposing);
        }
        finally
        {
            if (first)
            {
                registry.Closed(this);
            }
        }
    }

    // A read already waiting when the registry closes the connection fails as the socket's abort. An HTTP/2
    // connection always has one waiting (its frame loop), and a request the handler just gave it fails with what
    // that read threw: named as closed-as-idle, the fetch knows it may send again (nothing was sent after the close).
    private async ValueTask<int> PendingReadAsync(ValueTask<int> read)
    {
        try
        {
            return await read;
        }
        catch (Exception e) when (_closedAsIdle && e is IOException or SocketException or ObjectDisposedException)
        {
            throw new IdleConnectionClosedException("the idle connection was closed to free its descriptor", e);
        }
    }

    private void ThrowIfClosedAsIdle()
    {
        if (_closedAsIdle)
        {
            throw new IdleConnectionClosedException();
        }
    }
}
