using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading.Channels;

namespace Gleaner.Tests.Fetching.Http2;

/// <summary>
/// An HTTP/2 server written by hand, for what Kestrel will not do on purpose: reset a stream, send GOAWAY in the
/// middle of a response, stop sending DATA, answer with headers over any cap or with bytes that are not frames.
/// TLS on 127.0.0.1:0 offering only h2 by ALPN; each connection it accepts reads the client's preface and then runs
/// the test's script, which writes frames (RFC 9113 section 4.1: 9-byte header, payload) and waits for the client's
/// requests. Header blocks use HPACK literals (RFC 7541 6.2), so no encoder state is needed. Frames the client sends
/// are read in the background and kept in <see cref="Connection.Received"/>; the server answers nothing by itself.
/// </summary>
internal sealed class Http2FrameServer : IAsyncDisposable
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly LocalCertificate _certificate;
    private readonly Func<Connection, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _accepted;

    public Http2FrameServer(LocalCertificate certificate, Func<Connection, Task> script)
    {
        _certificate = certificate;
        _script = script;
        _listener.Start();
        BaseUri = new Uri($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseUri { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                lock (_connections)
                {
                    _connections.Add(ServeAsync(client));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            await using var tls = new SslStream(client.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate.Certificate,
                    ApplicationProtocols = [SslApplicationProtocol.Http2],
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                }, _stop.Token);
                var preface = new byte[Preface.Length];
                await tls.ReadExactlyAsync(preface, _stop.Token);
                if (!preface.AsSpan().SequenceEqual(Preface))
                {
                    return;
                }

                var connection = new Connection(tls, _stop.Token);
                var reading = connection.ReadFramesAsync();
                await _script(connection);
                // The script has said all it will; the connection stays open until the client closes it or the test ends.
                await reading;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or AuthenticationException or ObjectDisposedException)
            {
                // The client went away, or the test ended.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stop.Dispose();
    }

    /// <summary>A frame as the client sent it.</summary>
    internal sealed record Frame(FrameType Type, byte Flags, int StreamId, byte[] Payload);

    internal enum FrameType : byte
    {
        Data = 0x0,
        Headers = 0x1,
        RstStream = 0x3,
        Settings = 0x4,
        Ping = 0x6,
        GoAway = 0x7,
        WindowUpdate = 0x8,
        Continuation = 0x9,
    }

    /// <summary>One accepted connection, as a script sees it.</summary>
    internal sealed class Connection(SslStream tls, CancellationToken stop)
    {
        private const byte EndStream = 0x1;
        private const byte EndHeaders = 0x4;
        private const int MaxFramePayload = 16_384;

        private readonly Channel<int> _requests = Channel.CreateUnbounded<int>();
        private readonly Channel<Frame> _received = Channel.CreateUnbounded<Frame>();

        /// <summary>Every frame the client has sent, in order, as it arrives.</summary>
        public ChannelReader<Frame> Received => _received.Reader;

        /// <summary>Waits for the client's next request and returns its stream id.</summary>
        public async Task<int> NextRequestAsync() => await _requests.Reader.ReadAsync(stop);

        /// <summary>The server's SETTINGS (the first frame it must send): empty, every value at its default.</summary>
        public Task SettingsAsync() => FrameAsync(FrameType.Settings, 0, 0, ReadOnlyMemory<byte>.Empty);

        /// <summary>A HEADERS frame (CONTINUATION frames after it when the block is large) with <paramref name="fields"/> as HPACK literals.</summary>
        public Task HeadersAsync(int stream, bool endStream, params (string Name, string Value)[] fields) =>
            HeaderBlockAsync(stream, endStream, Hpack.Literals(fields));

        /// <summary>A header block given as HPACK bytes, split into HEADERS and CONTINUATION frames.</summary>
        public async Task HeaderBlockAsync(int stream, bool endStream, byte[] block)
        {
            var first = block.AsMemory(0, Math.Min(block.Length, MaxFramePayload));
            var rest = block.AsMemory(first.Length);
            await FrameAsync(FrameType.Headers, (byte)((endStream ? EndStream : 0) | (rest.IsEmpty ? EndHeaders : 0)), stream, first);
            while (!rest.IsEmpty)
            {
                var next = rest[..Math.Min(rest.Length, MaxFramePayload)];
                rest = rest[next.Length..];
                await FrameAsync(FrameType.Continuation, rest.IsEmpty ? EndHeaders : (byte)0, stream, next);
            }
        }

        public Task DataAsync(int stream, string text, bool endStream) =>
            FrameAsync(FrameType.Data, endStream ? EndStream : (byte)0, stream, Encoding.UTF8.GetBytes(text));

        /// <summary>RST_STREAM with an error code (RFC 9113 section 7: 0x2 INTERNAL_ERROR, 0x8 CANCEL, …).</summary>
        public Task ResetAsync(int stream, uint errorCode)
        {
            var payload = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(payload, errorCode);
            return FrameAsync(FrameType.RstStream, 0, stream, payload);
        }

        /// <summary>GOAWAY: streams above <paramref name="lastStreamId"/> were not processed.</summary>
        public Task GoAwayAsync(int lastStreamId, uint errorCode)
        {
            var payload = new byte[8];
            BinaryPrimitives.WriteInt32BigEndian(payload, lastStreamId);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), errorCode);
            return FrameAsync(FrameType.GoAway, 0, 0, payload);
        }

        /// <summary>Bytes that need not be frames at all.</summary>
        public async Task RawAsync(byte[] bytes)
        {
            await tls.WriteAsync(bytes, stop);
            await tls.FlushAsync(stop);
        }

        /// <summary>Closes the connection (TLS close_notify, then TCP).</summary>
        public async Task CloseAsync()
        {
            await tls.ShutdownAsync();
            tls.Close();
        }

        public async Task FrameAsync(FrameType type, byte flags, int stream, ReadOnlyMemory<byte> payload)
        {
            var header = new byte[9];
            header[0] = (byte)(payload.Length >> 16);
            header[1] = (byte)(payload.Length >> 8);
            header[2] = (byte)payload.Length;
            header[3] = (byte)type;
            header[4] = flags;
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(5), stream);
            await tls.WriteAsync(header, stop);
            await tls.WriteAsync(payload, stop);
            await tls.FlushAsync(stop);
        }

        internal async Task ReadFramesAsync()
        {
            var header = new byte[9];
            try
            {
                while (true)
                {
                    await tls.ReadExactlyAsync(header, stop);
                    var length = (header[0] << 16) | (header[1] << 8) | header[2];
                    var payload = new byte[length];
                    await tls.ReadExactlyAsync(payload, stop);
                    var frame = new Frame((FrameType)header[3], header[4], BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & int.MaxValue, payload);
                    _received.Writer.TryWrite(frame);
                    if (frame.Type == FrameType.Headers)
                    {
                        _requests.Writer.TryWrite(frame.StreamId);
                    }
                }
            }
            catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException)
            {
                // The client closed the connection, or the test ended.
            }
            finally
            {
                _received.Writer.TryComplete();
                _requests.Writer.TryComplete();
            }
        }
    }
}
