using System.Net;
using System.Net.Sockets;
using System.Text;
using Gleaner.Simulator;

namespace Gleaner.Tests.Simulator;

/// <summary>Options, clients and bounded raw-socket reads shared by the simulator tests.</summary>
internal static class SimulatorHarness
{
    public const long BombBytes = 32L << 20;
    public const long HugeBytes = 4L << 20;
    public static readonly TimeSpan Trickle = TimeSpan.FromMilliseconds(50);

    /// <summary>Generous ceiling for anything a test awaits; a hang fails the test instead of the run.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static SimulatorOptions FastOptions(TimeProvider? time = null) => new()
    {
        TrickleInterval = Trickle,
        BombDecodedBytes = BombBytes,
        HugeBodyBytes = HugeBytes,
        Time = time ?? TimeProvider.System,
    };

    /// <summary>An HttpClient that shows exactly what the server sent: no redirects, no decompression, no proxy.</summary>
    public static HttpClient Client() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
    })
    { Timeout = Patience };

    /// <summary>Connects to the route's server and sends a GET; the caller reads the raw reply.</summary>
    public static async Task<RawReply> RawGetAsync(Uri url)
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(IPAddress.Loopback, url.Port);
        var stream = client.GetStream();
        var request = $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        return new RawReply(client, stream);
    }
}

/// <summary>A raw connection with bounded reads.</summary>
internal sealed class RawReply(TcpClient client, NetworkStream stream) : IDisposable
{
    public NetworkStream Stream => stream;

    /// <summary>Reads until EOF, failing past <paramref name="limit"/> bytes or <see cref="SimulatorHarness.Patience"/>.</summary>
    public async Task<byte[]> ReadToEndAsync(long limit)
    {
        using var timeout = new CancellationTokenSource(SimulatorHarness.Patience);
        using var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            all.Write(buffer, 0, read);
            Assert.True(all.Length <= limit, $"more than {limit} bytes");
        }
        return all.ToArray();
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes, one read call per byte.</summary>
    public async Task<byte[]> ReadBytesOneByOneAsync(int count)
    {
        using var timeout = new CancellationTokenSource(SimulatorHarness.Patience);
        var bytes = new byte[count];
        for (var i = 0; i < count; i++)
            await stream.ReadExactlyAsync(bytes.AsMemory(i, 1), timeout.Token);
        return bytes;
    }

    /// <summary>Reads through the blank line that ends the response head and returns the head as text.</summary>
    public async Task<string> ReadHeadAsync(int limit = 1 << 20)
    {
        using var timeout = new CancellationTokenSource(SimulatorHarness.Patience);
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < limit)
        {
            if (await stream.ReadAsync(one, timeout.Token) == 0)
                break;
            head.Add(one[0]);
            if (head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n')
                break;
        }
        return Encoding.Latin1.GetString([.. head]);
    }

    public void Dispose()
    {
        stream.Dispose();
        client.Dispose();
    }
}

/// <summary>One real-clock simulator with short trickles and small bombs, shared by a test class.</summary>
public sealed class FastSimulatorFixture : IAsyncLifetime
{
    public HostileSimulator Simulator { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Simulator = await HostileSimulator.StartAsync(SimulatorHarness.FastOptions());

    public ValueTask DisposeAsync() => Simulator.DisposeAsync();
}
