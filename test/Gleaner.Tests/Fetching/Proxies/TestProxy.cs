using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gleaner.Tests.Fetching.Proxies;

/// <summary>How the test proxy answers.</summary>
internal enum ProxyBehaviour
{
    /// <summary>Forwards: CONNECT gets 200 and a tunnel, an absolute-form request is sent on, SOCKS5 connects.</summary>
    Forward,
    /// <summary>Reads what it is asked and never answers.</summary>
    Hang,
    /// <summary>Answers CONNECT or an absolute-form request with <see cref="TestProxy.RefuseWith"/>; SOCKS5 with reply 5 (refused).</summary>
    Refuse,
}

/// <summary>
/// An HTTP (CONNECT and absolute-form) or SOCKS5 proxy on 127.0.0.1:0 that records what it was asked. Like a real
/// proxy it resolves target names itself: every target it is asked for is reached at 127.0.0.1 on the port asked for.
/// It takes Proxy-Authorization off a request it forwards, as a proxy does.
/// </summary>
internal sealed class TestProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _asked = new();
    private readonly List<Task> _connections = [];
    private readonly bool _socks;
    private readonly Task _accepting;

    private TestProxy(bool socks, ProxyBehaviour behaviour, string refuseWith)
    {
        _socks = socks;
        Behaviour = behaviour;
        RefuseWith = refuseWith;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public static TestProxy Http(ProxyBehaviour behaviour = ProxyBehaviour.Forward, string refuseWith = "403 Forbidden") => new(socks: false, behaviour, refuseWith);

    public static TestProxy Socks5(ProxyBehaviour behaviour = ProxyBehaviour.Forward) => new(socks: true, behaviour, "");

    public ProxyBehaviour Behaviour { get; }

    /// <summary>The status line a refusing HTTP proxy answers with.</summary>
    public string RefuseWith { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>What it was asked, one entry per request head (HTTP, with its fields) or SOCKS5 exchange, in order.</summary>
    public IReadOnlyList<string> Asked => [.. _asked];

    /// <summary>Completes when the first request head (or SOCKS5 request) has been read.</summary>
    public TaskCompletionSource FirstAsked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_connections)
                {
                    _connections.Add(Task.Run(() => ServeAsync(client)));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await (_socks ? ServeSocksAsync(stream) : ServeHttpAsync(stream));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or EndOfStreamException or ObjectDisposedException)
            {
            }
        }
    }

    private void Record(string entry)
    {
        _asked.Enqueue(entry);
        FirstAsked.TrySetResult();
    }

    private async Task ServeHttpAsync(NetworkStream client)
    {
        var head = await ReadHeadAsync(client);
        Record(head);
        if (Behaviour == ProxyBehaviour.Hang)
        {
            await Task.Delay(Timeout.Infinite, _stop.Token);
        }

        if (Behaviour == ProxyBehaviour.Refuse)
        {
            await client.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {RefuseWith}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
            return;
        }

        var requestLine = head[..head.IndexOf('\r', StringComparison.Ordinal)].Split(' ');
        if (requestLine[0] == "CONNECT")
        {
            var port = int.Parse(requestLine[1][(requestLine[1].LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            using var upstream = await ConnectAsync(port);
            await client.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), _stop.Token);
            await RelayAsync(client, upstream.GetStream());
            return;
        }

        // Absolute form: http://host:port/path → /path to 127.0.0.1:port, without the proxy's own field. One request
        // per connection (Connection: close), so that each request is recorded.
        var target = new Uri(requestLine[1]);
        using var origin = await ConnectAsync(target.Port);
        var fields = head.Split("\r\n").Skip(1)
            .Where(l => l.Length > 0 && !l.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase) && !l.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase))
            .Append("Connection: close");
        var forwarded = $"{requestLine[0]} {target.PathAndQuery} {requestLine[2]}\r\n{string.Join("\r\n", fields)}\r\n\r\n";
        await origin.GetStream().WriteAsync(Encoding.ASCII.GetBytes(forwarded), _stop.Token);
        await RelayAsync(client, origin.GetStream());
    }

    private async Task ServeSocksAsync(NetworkStream client)
    {
        var greeting = await ReadAsync(client, 2);
        var methods = await ReadAsync(client, greeting[1]);
        var entry = new StringBuilder($"methods {string.Join(",", methods)}");
        if (methods.Contains((byte)2))
        {
            await client.WriteAsync(new byte[] { 5, 2 }, _stop.Token);
            var version = await ReadAsync(client, 2);
            var user = Encoding.UTF8.GetString(await ReadAsync(client, version[1]));
            var passwordLength = (await ReadAsync(client, 1))[0];
            var password = Encoding.UTF8.GetString(await ReadAsync(client, passwordLength));
            entry.Append($"; login {user}:{password}");
            await client.WriteAsync(new byte[] { 1, 0 }, _stop.Token);
        }
        else
        {
            await client.WriteAsync(new byte[] { 5, 0 }, _stop.Token);
        }

        var request = await ReadAsync(client, 4);
        var destination = request[3] switch
        {
            1 => new IPAddress(await ReadAsync(client, 4)).ToString(),
            4 => new IPAddress(await ReadAsync(client, 16)).ToString(),
            _ => Encoding.ASCII.GetString(await ReadAsync(client, (await ReadAsync(client, 1))[0])),
        };
        var portBytes = await ReadAsync(client, 2);
        var port = (portBytes[0] << 8) | portBytes[1];
        entry.Append($"; connect {(request[3] == 3 ? "name" : "address")} {destination}:{port}");
        Record(entry.ToString());
        if (Behaviour == ProxyBehaviour.Hang)
        {
            await Task.Delay(Timeout.Infinite, _stop.Token);
        }

        if (Behaviour == ProxyBehaviour.Refuse)
        {
            await client.WriteAsync(new byte[] { 5, 5, 0, 1, 0, 0, 0, 0, 0, 0 }, _stop.Token);
            return;
        }

        using var upstream = await ConnectAsync(port);
        await client.WriteAsync(new byte[] { 5, 0, 0, 1, 127, 0, 0, 1, 0, 0 }, _stop.Token);
        await RelayAsync(client, upstream.GetStream());
    }

    private async Task<TcpClient> ConnectAsync(int port)
    {
        var upstream = new TcpClient();
        await upstream.ConnectAsync(IPAddress.Loopback, port, _stop.Token);
        return upstream;
    }

    private async Task RelayAsync(NetworkStream client, NetworkStream upstream)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var up = client.CopyToAsync(upstream, done.Token);
        var down = upstream.CopyToAsync(client, done.Token);
        await Task.WhenAny(up, down);
        await done.CancelAsync();
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (!(bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                throw new EndOfStreamException();
            }

            bytes.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. bytes]);
    }

    private async Task<byte[]> ReadAsync(NetworkStream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, _stop.Token);
        return buffer;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open);
        _stop.Dispose();
    }
}
