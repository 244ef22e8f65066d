using System.Net;
using Gleaner.Fetching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gleaner.Tests.Fetching.Http2;

/// <summary>
/// HTTP/2 negotiated by ALPN against Kestrel over TLS: the version each side saw, HTTP/1.1 where the server offers only
/// it (or there is no TLS), many fetches sharing one connection, and every deadline per stream on a shared connection.
/// </summary>
public sealed class Http2FetchTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly LocalCertificate _certificate = new();
    private int _connections;

    [Fact]
    public async Task FetchAsync_ServerOffersHttp2_NegotiatesItAndRecordsTwo()
    {
        await using var server = await StartAsync(HttpProtocols.Http1AndHttp2);
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(_certificate.Request(server.Url("protocol")), Ct);

        Assert.Equal((Outcome.Ok, "HTTP/2", "2"), (result.Outcome, result.Body, result.HttpVersion));
    }

    [Fact]
    public async Task FetchAsync_ServerOffersOnlyHttp11_FallsBackAndRecordsOnePointOne()
    {
        await using var server = await StartAsync(HttpProtocols.Http1);
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(_certificate.Request(server.Url("protocol")), Ct);

        Assert.Equal((Outcome.Ok, "HTTP/1.1", "1.1"), (result.Outcome, result.Body, result.HttpVersion));
    }

    [Fact]
    public async Task FetchAsync_PlainHttp_StaysOnHttp11()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/protocol", (HttpContext c) => c.Request.Protocol));
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(_certificate.Request(server.Url("protocol")), Ct);

        Assert.Equal((Outcome.Ok, "HTTP/1.1", "1.1"), (result.Outcome, result.Body, result.HttpVersion));
    }

    [Fact]
    public async Task FetchAsync_ManyFetchesAtOnce_ShareOneConnection()
    {
        await using var server = await StartAsync(HttpProtocols.Http1AndHttp2);
        using var fetcher = new Fetcher();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => fetcher.FetchAsync(_certificate.Request(server.Url("protocol")), Ct)));

        Assert.All(results, r => Assert.Equal((Outcome.Ok, "HTTP/2"), (r.Outcome, r.Body)));
        Assert.Equal(1, Volatile.Read(ref _connections));
        Assert.Equal(1, fetcher.Connections.OpenCount);
    }

    [Fact]
    public async Task FetchAsync_StreamsOnOneConnection_EachKeepsItsOwnDeadlines()
    {
        var trickling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(HttpProtocols.Http1AndHttp2, app =>
        {
            // Headers and one byte, then nothing until the test ends: the stall guard's case.
            app.MapGet("/trickle", async (HttpContext c) =>
            {
                await c.Response.WriteAsync("4", Ct);
                await c.Response.Body.FlushAsync(Ct);
                trickling.TrySetResult();
                await Task.Delay(Timeout.Infinite, c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            });
            // No headers at all: the headers deadline's case.
            app.MapGet("/never", async (HttpContext c) =>
            {
                answering.TrySetResult();
                await Task.Delay(Timeout.Infinite, c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            });
        });
        using var fetcher = new Fetcher();
        var limits = new FetchLimits
        {
            Stall = new StallRule(1024, TimeSpan.FromMilliseconds(400)),
            HeadersTimeout = TimeSpan.FromMilliseconds(400),
            TotalTimeout = TimeSpan.FromSeconds(30),
        };

        var stalled = fetcher.FetchAsync(_certificate.Request(server.Url("trickle"), limits), Ct);
        var waiting = fetcher.FetchAsync(_certificate.Request(server.Url("never"), limits), Ct);
        await Task.WhenAll(trickling.Task, answering.Task).WaitAsync(Ct);
        var meanwhile = await fetcher.FetchAsync(_certificate.Request(server.Url("protocol"), limits), Ct);
        var (trickle, never) = (await stalled, await waiting);
        var after = await fetcher.FetchAsync(_certificate.Request(server.Url("protocol"), limits), Ct);

        Assert.Equal((Outcome.Ok, "HTTP/2"), (meanwhile.Outcome, meanwhile.Body));
        Assert.Equal((Outcome.Stalled, "2"), (trickle.Outcome, trickle.HttpVersion));
        Assert.Equal((Outcome.HeadersTimeout, "no response headers within 400ms"), (never.Outcome, never.Error));
        Assert.Equal((Outcome.Ok, "HTTP/2"), (after.Outcome, after.Body));
        // A stream that failed took nothing else down: one connection carried all four.
        Assert.Equal(1, Volatile.Read(ref _connections));
    }

    [Fact]
    public async Task CloseIdleConnections_OnAnHttp2Connection_ClosesItAndTheNextFetchOpensAnother()
    {
        await using var server = await StartAsync(HttpProtocols.Http1AndHttp2);
        using var fetcher = new Fetcher();
        var url = server.Url("protocol");
        var seen = new List<(Outcome, string?, int)>();

        // Straight from close to fetch, ten times: the handler may still offer the connection just closed. Closing it
        // fails the handler's pending read, and the handler disposes it too, on another thread; the registry must
        // count it closed as soon as CloseIdleConnections returns all the same.
        for (var i = 0; i < 10; i++)
        {
            var result = await fetcher.FetchAsync(_certificate.Request(url), Ct);
            fetcher.CloseIdleConnections(url);
            seen.Add((result.Outcome, result.Body, fetcher.Connections.OpenCount));
        }

        Assert.All(seen, s => Assert.Equal((Outcome.Ok, "HTTP/2", 0), s));
        Assert.Equal(10, Volatile.Read(ref _connections));
    }

    private Task<LoopbackServer> StartAsync(HttpProtocols protocols, Action<IEndpointRouteBuilder>? routes = null) =>
        LoopbackServer.StartAsync(
            app =>
            {
                app.MapGet("/protocol", (HttpContext c) => c.Request.Protocol);
                routes?.Invoke(app);
            },
            builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = protocols;
                // Counts TCP connections as they are accepted, before TLS.
                listen.Use(next => context =>
                {
                    Interlocked.Increment(ref _connections);
                    return next(context);
                });
                listen.UseHttps(_certificate.Certificate);
            })));

    public void Dispose() => _certificate.Dispose();
}
