using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gleaner.Tests.Engine;

/// <summary>
/// One Kestrel server listening on many loopback addresses (127.0.B.C, each on a port of its own), so a client sees
/// as many hosts. It serves a robots.txt that allows everything and pages /s/N whose reading is derived from the
/// address the request arrived on (127.0.B.C reads B·256 + C), so a page fetched from the wrong host is caught. It
/// records the peak number of requests in flight, robots.txt included.
/// </summary>
/// <remarks>
/// Requests are held at a gate until more than <c>holdUntilAbove</c> are in flight (the peak then already exceeds
/// it, and the gate stays open) or until one has waited <c>holdAtMost</c> (then too it stays open). So a client
/// that would ever have more requests out than allowed is caught whatever the speed of either side, and one that
/// keeps its bound only waits, once, for the backstop.
/// </remarks>
internal sealed class ManyHostsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly int _holdUntilAbove;
    private readonly TimeSpan _holdAtMost;
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _peakInFlight;
    private int _robots;
    private int _pages;

    private ManyHostsServer(int hosts, int holdUntilAbove, TimeSpan holdAtMost)
    {
        _holdUntilAbove = holdUntilAbove;
        _holdAtMost = holdAtMost;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in Addresses(hosts))
            {
                kestrel.Listen(address, 0);
            }
        });
        _app = builder.Build();
        _app.Run(ServeAsync);
    }

    /// <summary>One origin per address, in address order.</summary>
    public IReadOnlyList<Uri> Origins { get; private set; } = [];

    public int PeakInFlight => Volatile.Read(ref _peakInFlight);

    public int RobotsRequests => Volatile.Read(ref _robots);

    public int PageRequests => Volatile.Read(ref _pages);

    public static async Task<ManyHostsServer> StartAsync(int hosts, int holdUntilAbove, TimeSpan holdAtMost)
    {
        var server = new ManyHostsServer(hosts, holdUntilAbove, holdAtMost);
        await server._app.StartAsync(TestContext.Current.CancellationToken);
        server.Origins = [.. server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a))
            .OrderBy(u => Reading(IPAddress.Parse(u.Host)))];
        return server;
    }

    /// <summary>The reading the page of the host at <paramref name="address"/> shows.</summary>
    public static int Reading(IPAddress address)
    {
        var bytes = address.MapToIPv4().GetAddressBytes();
        return (bytes[2] << 8) + bytes[3];
    }

    public async ValueTask DisposeAsync()
    {
        _gate.TrySetResult();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    // 127.0.1.1, 127.0.1.2, …: .0 and .255 are skipped, and 127.0.0.x is left to everything else on the machine.
    private static IEnumerable<IPAddress> Addresses(int hosts) =>
        Enumerable.Range(0, hosts).Select(i => new IPAddress([127, 0, (byte)(1 + i / 254), (byte)(1 + i % 254)]));

    private async Task ServeAsync(HttpContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            Raise(ref _peakInFlight, inFlight);
            if (inFlight > _holdUntilAbove)
            {
                _gate.TrySetResult();
            }

            try
            {
                await _gate.Task.WaitAsync(_holdAtMost, context.RequestAborted);
            }
            catch (TimeoutException)
            {
                _gate.TrySetResult();
            }

            var path = context.Request.Path.Value ?? "";
            if (path == "/robots.txt")
            {
                Interlocked.Increment(ref _robots);
                await context.Response.WriteAsync("User-agent: *\nAllow: /\n");
            }
            else if (path.StartsWith("/s/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _pages);
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync($"<p>Reading for this host: {Reading(context.Connection.LocalIpAddress!)}</p>");
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }

            // Counted until the response has left: the client's request is open until then.
            await context.Response.CompleteAsync();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void Raise(ref int peak, int value)
    {
        var seen = Volatile.Read(ref peak);
        while (value > seen && Interlocked.CompareExchange(ref peak, value, seen) is var was && was != seen)
        {
            seen = was;
        }
    }
}
