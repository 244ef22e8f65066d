using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gleaner.Tests.Conformance;

/// <summary>What the replay server sends for one request, and what it does with the connection afterwards.</summary>
internal sealed record ReplayReply(byte[] Bytes)
{
    /// <summary>
    /// True: half-close after the reply and wait for the client to hang up (the body may end by close). False: keep
    /// the connection for the next request, as a persistent HTTP/1.1 server does.
    /// </summary>
    public bool Close { get; init; } = true;

    /// <summary>When positive, the reply goes out in several pieces with this pause between them.</summary>
    public TimeSpan WriteDelay { get; init; }

    /// <summary>How long to keep the connection open after the reply before closing it (curl's postcmd "wait").</summary>
    public TimeSpan HoldBeforeClose { get; init; }
}

/// <summary>
/// A raw TCP server on 127.0.0.1:0 that answers each request with bytes a test chooses, however malformed: no HTTP
/// library sits between the fixture and the client. It reads each request head (bounded in size and time), asks
/// <c>replyFor</c> for the reply to that request target, writes it, then closes or waits for the next request.
/// Disposing stops the listener and every connection at once.
/// </summary>
internal sealed class RawReplayServer : IAsyncDisposable
{
    private const int MaxHeadBytes = 64 << 10;
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LingerTimeout = TimeSpan.FromSeconds(3);
    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();

    private readonly TcpListener _listener;
    private readonly Func<string, ReplayReply> _replyFor;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Task _acceptLoop;

    private RawReplayServer(Func<string, ReplayReply> replyFor)
    {
        _replyFor = replyFor;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUri { get; }

    /// <summary>The request lines received so far, in order, for diagnostics.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>Starts a server that answers every request with <paramref name="replyFor"/>(request target).</summary>
    public static RawReplayServer Start(Func<string, ReplayReply> replyFor) => new(replyFor);

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _connections.Add(Task.Run(() => ServeAsync(client)));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopped: the listener is closed (an accept that races with Stop reports "not listening").
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                var buffer = new byte[MaxHeadBytes];
                var filled = 0;
                while (true)
                {
                    var (headLength, newFilled) = await ReadHeadAsync(stream, buffer, filled);
                    if (headLength < 0)
                    {
                        return;
                    }

                    var requestLine = Encoding.Latin1.GetString(buffer, 0, Math.Max(0, buffer.AsSpan(0, headLength).IndexOf((byte)'\r')));
                    _requests.Enqueue(requestLine);
                    Buffer.BlockCopy(buffer, headLength, buffer, 0, newFilled - headLength);
                    filled = newFilled - headLength;

                    var reply = _replyFor(Target(requestLine));
                    await WriteAsync(stream, reply);
                    if (reply.Close || reply.Bytes.Length == 0)
                    {
                        await CloseGracefullyAsync(client, stream, reply.HoldBeforeClose);
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server is stopping; either ends this connection.
            }
        }
    }

    private static string Target(string requestLine)
    {
        var parts = requestLine.Split(' ');
        return parts.Length >= 2 ? parts[1] : "/";
    }

    // Returns the length of the head (through CRLFCRLF) and how many bytes the buffer holds, or -1 when the client
    // closed, stayed silent too long or sent a head over the cap.
    private async Task<(int HeadLength, int Filled)> ReadHeadAsync(NetworkStream stream, byte[] buffer, int filled)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(HeadTimeout);
        while (true)
        {
            var end = buffer.AsSpan(0, filled).IndexOf(EndOfHead);
            if (end >= 0)
            {
                return (end + EndOfHead.Length, filled);
            }

            if (filled == buffer.Length)
            {
                return (-1, filled);
            }

            int n;
            try
            {
                n = await stream.ReadAsync(buffer.AsMemory(filled), timeout.Token);
            }
            catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
            {
                return (-1, filled);
            }

            if (n == 0)
            {
                return (-1, filled);
            }

            filled += n;
        }
    }

    private async Task WriteAsync(NetworkStream stream, ReplayReply reply)
    {
        if (reply.WriteDelay <= TimeSpan.Zero)
        {
            await stream.WriteAsync(reply.Bytes, _stop.Token);
            return;
        }

        // A slow server: the reply arrives in up to 16 pieces, so the client sees partial reads mid-header and mid-chunk.
        var piece = Math.Max(1, (reply.Bytes.Length + 15) / 16);
        for (var offset = 0; offset < reply.Bytes.Length; offset += piece)
        {
            if (offset > 0)
            {
                await Task.Delay(reply.WriteDelay, _stop.Token);
            }

            await stream.WriteAsync(reply.Bytes.AsMemory(offset, Math.Min(piece, reply.Bytes.Length - offset)), _stop.Token);
        }
    }

    // Half-close (FIN) and wait for the client to hang up before closing, so that the kernel never answers with a
    // reset that could destroy reply bytes still in flight. A hold keeps the socket open that long first.
    private async Task CloseGracefullyAsync(TcpClient client, NetworkStream stream, TimeSpan hold)
    {
        var sink = new byte[4096];
        if (hold > TimeSpan.Zero)
        {
            await DrainAsync(stream, sink, hold);
        }

        client.Client.Shutdown(SocketShutdown.Send);
        await DrainAsync(stream, sink, LingerTimeout);
    }

    private async Task DrainAsync(NetworkStream stream, byte[] sink, TimeSpan limit)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(limit);
        try
        {
            while (await stream.ReadAsync(sink, timeout.Token) > 0)
            {
                // Whatever the client still sends is ignored.
            }
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            // The client kept the connection open past the limit.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        await Task.WhenAll(_connections);
        _listener.Dispose();
        _stop.Dispose();
    }
}
