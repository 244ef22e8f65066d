using System.Net.Sockets;
using System.Text;

namespace Gleaner.Simulator.Raw;

/// <summary>
/// One connection on the raw server: the request head has been read, the handler writes bytes by hand.
/// <see cref="Aborted"/> fires when the client closes or resets, or the simulator stops, so no handler outlives
/// its client.
/// </summary>
internal sealed class RawExchange : IDisposable
{
    private const int MaxRequestHead = 64 * 1024;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _aborted;
    private Task _watcher = Task.CompletedTask;
    private int _closed;

    public RawExchange(Socket socket, CancellationToken stopping)
    {
        _socket = socket;
        _socket.NoDelay = true; // a trickled byte must leave now, not wait for Nagle
        _aborted = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    public CancellationToken Aborted => _aborted.Token;

    /// <summary>The request path without query, or "" when the request line was not understood.</summary>
    public string Path { get; private set; } = "";

    /// <summary>The request target as sent (path and query), or "" when the request line was not understood.</summary>
    public string Target { get; private set; } = "";

    /// <summary>The request's Host header, or "" when it had none.</summary>
    public string Host { get; private set; } = "";

    /// <summary>Reads up to the blank line that ends the request head; false if the client left first.</summary>
    public async Task<bool> ReadRequestHeadAsync()
    {
        var buffer = new byte[MaxRequestHead];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, Aborted);
            if (read == 0)
                return false;
            filled += read;
            var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                Path = RequestLine.PathOf(buffer.AsSpan(0, end));
                Target = RequestLine.TargetOf(buffer.AsSpan(0, end));
                Host = RequestLine.HostOf(buffer.AsSpan(0, end));
                StartWatching();
                return true;
            }
        }
        return false;
    }

    public async Task SendAsync(ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = await _socket.SendAsync(data, SocketFlags.None, Aborted);
            data = data[sent..];
        }
    }

    public Task SendAsync(string latin1) => SendAsync(Encoding.Latin1.GetBytes(latin1));

    /// <summary>Sends <paramref name="data"/> one byte at a time, <paramref name="interval"/> apart.</summary>
    public async Task TrickleAsync(ReadOnlyMemory<byte> data, TimeSpan interval, TimeProvider time)
    {
        for (var i = 0; i < data.Length; i++)
        {
            if (i > 0)
                await Task.Delay(interval, time, Aborted);
            await SendAsync(data.Slice(i, 1));
        }
    }

    /// <summary>Abortive close: SO_LINGER {on, 0} makes the kernel send RST instead of FIN.</summary>
    public void Reset()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    /// <summary>
    /// Sends FIN after everything written so far, then waits for the client to close its side (or for the
    /// simulator to stop) so that closing the socket never turns into a RST that discards unsent bytes.
    /// </summary>
    public async Task CloseGracefullyAsync()
    {
        if (Volatile.Read(ref _closed) != 0)
            return;
        _socket.Shutdown(SocketShutdown.Send);
        await _watcher;
    }

    /// <summary>Closes the socket now, whatever state it is in; pending sends and receives fail.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
            _socket.Close();
    }

    /// <summary>Completes when the client has closed or reset, or the socket was closed here.</summary>
    public Task Completion => _watcher;

    public void Dispose()
    {
        _socket.Dispose();
        _aborted.Dispose();
    }

    private void StartWatching() => _watcher = WatchAsync();

    // Draining the receive side has two jobs: noticing that the client went away (so a trickle stops), and
    // keeping the receive buffer empty, because closing a socket with unread input sends RST, not FIN.
    private async Task WatchAsync()
    {
        var buffer = new byte[1024];
        try
        {
            while (await _socket.ReceiveAsync(buffer, SocketFlags.None, Aborted) > 0)
            {
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            await _aborted.CancelAsync();
        }
    }
}
