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
        var registry = new Gleaner.Fetching.Connections.ConnectionRegistry(maxIdle: 4, maxSockets: 4);
        var stream = new Gleaner.Fetching.Connections.TrackedStream(socket, registry);
        registry.Opened("http://127.0.0.1:1", stream);

        stream.CloseAsIdle();

        // Not the disposed-object error a closed stream gives: this one tells the fetcher to send again.
        await Assert.ThrowsAsync<Gleaner.Fetching.Connections.IdleConnectionClosedException>(() => stream.WriteAsync(new byte[1], Ct).AsTask());
        await Assert.ThrowsAsync<Gleaner.Fetching.Connections.IdleConnectionClosedException>(() => stream.ReadAsync(new byte[1], Ct).AsTask());
        Assert.Equal(0, registry.OpenCount);
    }

    [Fact]
    public async Task FetchAsync_SocketBudgetSpent_ClosesAnIdleOneOrFailsAsLocalLimit()
    {
        var release = new TaskCompletionSource();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/page", () => "v 5");
            app.MapGet("/held", async () => { await release.Task.WaitAsync(Ct); return "v 6"; });
        });
        using var fetcher = new Gleaner.Fetching.Fetcher(new Gleaner.Fetching.FetcherOptions
        {
            Resolve = (_, _) => Task.FromResult(new[] { System.Net.IPAddress.Loopback }),
            MaxConnections = 2,
        });
        Uri At(int host, string path) => new($"http://h{host}.test:{server.BaseUri.Port}{path}");

        // Two idle connections fill the budget; a third host gets one by closing the least recently used.
        await fetcher.FetchAsync(At(0, "/page"), Limits, Ct);
        await fetcher.FetchAsync(At(1, "/page"), Limits, Ct);
        var third = await fetcher.FetchAsync(At(2, "/page"), Limits, Ct);
        // Two fetches hold both sockets: a third has none to take and none idle to close.
        var held = new[] { fetcher.FetchAsync(At(3, "/held"), Limits, Ct), fetcher.FetchAsync(At(4, "/held"), Limits, Ct) };
        while (fetcher.Connections.OpenCount < 2 || fetcher.Connections.IdleCount > 0)
        {
            await Task.Yield();
        }

        var refused = await fetcher.FetchAsync(At(5, "/page"), Limits, Ct);
        release.SetResult();
        var finished = await Task.WhenAll(held);

        Assert.Equal(Outcome.Ok, third.Outcome);
        Assert.Equal(Outcome.LocalLimit, refused.Outcome);
        Assert.Equal(
            $"connecting to h5.test:{server.BaseUri.Port}: all 2 sockets this process may open are in use; the rest of its descriptors are kept for its files (raise ulimit -n or lower the concurrency)",
            refused.Error);
        Assert.All(finished, r => Assert.Equal(Outcome.Ok, r.Outcome));
    }

    [Theory]
    [InlineData(20000, 19872)]
    [InlineData(256, 128)]
    [InlineData(100, 50)]
    [InlineData(null, int.MaxValue)]
    public void SocketBudget_KeepsAReserveOfDescriptors(int? soft, int budget) =>
        Assert.Equal(budget, Gleaner.Fetching.Connections.DescriptorLimit.SocketBudget(soft));

    [Fact]
    public async Task RunAsync_ConcurrencyAboveTheSocketBudget_RunsAtTheBudgetAndEveryTargetEndsOk()
    {
        var inFlight = new Gleaner.Tests.Engine.InFlight();
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/page", async () => { using var _ = inFlight.Enter(); await Task.Delay(20, Ct); return "v 5"; }));
        using var fetcher = new Gleaner.Fetching.Fetcher(new Gleaner.Fetching.FetcherOptions
        {
            Resolve = (_, _) => Task.FromResult(new[] { System.Net.IPAddress.Loopback }),
            MaxConnections = 3,
        });
        // The run's default retries: a fetch that finds the budget full for a moment (the last host's socket not yet
        // closed as its lane takes the next slot; seen in about one run in three when this class runs alone) ends as
        // local_limit, which is retried like any passing fault, and the target still ends ok.
        var engine = new RunEngine(fetcher, new RunSettings { Concurrency = 10, RespectRobots = false });

        var records = await RunAll(engine, OnePerHost(server, 30));

        Assert.Equal(30, records.Count(r => r.Result.Outcome == Outcome.Ok));
        Assert.InRange(inFlight.Peak, 1, 3);
    }
}
