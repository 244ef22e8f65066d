using System.Collections.Concurrent;
using Gleaner.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Gleaner.Tests.Engine.EngineHarness;

namespace Gleaner.Tests.Fetching;

/// <summary>Open connections stay bounded however many hosts a fetcher reaches.</summary>
public class ConnectionBoundsTests
{
    private static async Task<(LoopbackServer Server, ConcurrentDictionary<string, byte> Connections)> ServerAsync()
    {
        var connections = new ConcurrentDictionary<string, byte>();
        var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => "User-agent: *\nAllow: /\n");
            app.MapGet("/page", (HttpContext c) => { connections[c.Connection.Id] = 0; return "v 5"; });
        });
        return (server, connections);
    }

    [Fact]
    public async Task CloseIdleConnections_ClosesTheHostsConnection_AndTheNextFetchOpensAnother()
    {
        var (server, connections) = await ServerAsync();
        await using var _ = server;
        using var fetcher = LoopbackFetcher();
        var url = new Uri($"http://h0.test:{server.BaseUri.Port}/page");

        var first = await fetcher.FetchAsync(url, Limits, Ct);
        var openAfterFirst = fetcher.Connections.OpenCount;
        fetcher.CloseIdleConnections(url);
        var openAfterClose = fetcher.Connections.OpenCount;
        var second = await fetcher.FetchAsync(url, Limits, Ct);

        Assert.Equal((Outcome.Ok, Outcome.Ok), (first.Outcome, second.Outcome));
        Assert.Equal((1, 0, 2), (openAfterFirst, openAfterClose, connections.Count));
    }

    [Fact]
    public async Task FetchAsync_ManyHosts_KeepsNoMoreIdleConnectionsThanTheCap()
    {
        var (server, connections) = await ServerAsync();
        await using var _ = server;
        using var fetcher = LoopbackFetcher(maxIdle: 2);
        var open = new List<int>();

        for (var i = 0; i < 10; i++)
        {
            var result = await fetcher.FetchAsync(new Uri($"http://h{i}.test:{server.BaseUri.Port}/page"), Limits, Ct);
            Assert.Equal(Outcome.Ok, result.Outcome);
            open.Add(fetcher.Connections.OpenCount);
        }

        Assert.Equal([1, 2, 2, 2, 2, 2, 2, 2, 2, 2], open);
        Assert.Equal(10, connections.Count);
    }

    [Fact]
    public async Task RunAsync_HostsDone_LeaveNoConnectionOpen()
    {
        var (server, _) = await ServerAsync();
        await using var __ = server;
        using var fetcher = LoopbackFetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Concurrency = 4 });

        var records = await RunAll(engine, OnePerHost(server, 50));

        Assert.Equal(50, records.Count(r => r.Result.Outcome == Outcome.Ok));
        Assert.Equal(0, fetcher.Connections.OpenCount);
    }

    [Fact]
    public async Task TrackedStream_ClosedAsIdle_FailsReadsAndWritesAsSuch()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync((System.Net.IPEndPoint)listener.LocalEndpoint, Ct);
        var registry = new Gleaner.Fetching.Connections.ConnectionRegistry(maxIdle: 4);
        var stream = new Gleaner.Fetching.Connections.TrackedStream(socket, registry);
        registry.Opened("http://127.0.0.1:1", stream);

        stream.CloseAsIdle();

        // Not the disposed-object error a closed stream gives: this one tells the fetcher to send again.
        await Assert.ThrowsAsync<Gleaner.Fetching.Connections.IdleConnectionClosedException>(() => stream.WriteAsync(new byte[1], Ct).AsTask());
        await Assert.ThrowsAsync<Gleaner.Fetching.Connections.IdleConnectionClosedException>(() => stream.ReadAsync(new byte[1], Ct).AsTask());
        Assert.Equal(0, registry.OpenCount);
    }
}
