using Gleaner.Simulator.Hosting;
using Gleaner.Simulator.Raw;
using Microsoft.AspNetCore.Builder;

namespace Gleaner.Simulator;

/// <summary>
/// The hostile web on loopback: a Kestrel server plus a raw-socket server whose routes hang, trickle, lie, explode
/// and redirect where they must not, next to realistic weather pages. <see cref="Routes"/> lists every scenario
/// with the outcome a careful client should end with. Dispose it to end every open connection.
/// </summary>
public sealed class HostileSimulator : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromMilliseconds(400);

    private readonly WebApplication _app;
    private readonly RawServer _raw;
    private readonly CancellationTokenSource _stopping;
    private readonly RouteCatalog _catalog;
    private readonly SimulatorContext _sim;
    private int _disposed;

    private HostileSimulator(WebApplication app, RawServer raw, CancellationTokenSource stopping,
        RouteCatalog catalog, SimulatorContext sim)
    {
        _app = app;
        _raw = raw;
        _stopping = stopping;
        _catalog = catalog;
        _sim = sim;
        BaseUri = sim.BaseUri;
        RawBaseUri = sim.RawBaseUri;
        Routes = catalog.Entries
            .Where(e => e.Listed)
            .Select(e => new SimulatorRoute(e.Path, e.Description, e.ExpectedOutcome, Url(e.Path), e.Group))
            .ToList();
        sim.Routes = Routes;
    }

    /// <summary>The Kestrel server's origin, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The raw-socket server's origin, <c>http://127.0.0.1:RAWPORT/</c> (always an ephemeral port).</summary>
    public Uri RawBaseUri { get; }

    /// <summary>Every scenario, grouped and described, with its absolute URL.</summary>
    public IReadOnlyList<SimulatorRoute> Routes { get; }

    /// <summary>
    /// The requests both servers have read so far, by server (<c>kestrel</c> or <c>raw</c>), Host header and request
    /// target: proof of where clients went (e.g. no redirect led one to the raw port). Also served as JSON at
    /// <c>GET /_sim/traffic</c> on Kestrel.
    /// </summary>
    public IReadOnlyList<TrafficEntry> Traffic() => _sim.Traffic.Snapshot();

    /// <summary>Route handlers running on either server (tests check that handlers end with their client).</summary>
    internal HandlerTracker Handlers => _sim.Handlers;

    /// <summary>Starts both servers on 127.0.0.1 and returns once they accept connections.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static async Task<HostileSimulator> StartAsync(SimulatorOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new SimulatorOptions();
        options.Validate();
        var stopping = new CancellationTokenSource();
        var sim = new SimulatorContext(options, stopping.Token);
        var catalog = RouteCatalog.Build();
        var raw = RawServer.Start(catalog.RawHandlers, sim);
        var app = KestrelHost.Build(options.Port, catalog, sim);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await stopping.CancelAsync();
            await raw.DisposeAsync();
            await app.DisposeAsync();
            stopping.Dispose();
            throw;
        }
        sim.BaseUri = KestrelHost.BoundUri(app);
        sim.RawBaseUri = raw.BaseUri;
        return new HostileSimulator(app, raw, stopping, catalog, sim);
    }

    /// <summary>
    /// The absolute URL of <paramref name="path"/> (which may carry a query) on whichever server serves it:
    /// the raw server for raw routes, Kestrel for everything else.
    /// </summary>
    public Uri Url(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var relative = path.StartsWith('/') ? path : "/" + path;
        var end = relative.IndexOfAny(['?', '#']);
        var bare = end < 0 ? relative : relative[..end];
        return new Uri(_catalog.IsRaw(bare) ? RawBaseUri : BaseUri, relative);
    }

    /// <summary>Stops both servers, ending every hanging or trickling connection; returns within about a second.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stopping.CancelAsync();
        await Task.WhenAll(_raw.DisposeAsync().AsTask(), StopKestrelAsync());
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    // Handlers already watch the stopping token; the grace only bounds Kestrel's own drain before it aborts.
    private async Task StopKestrelAsync()
    {
        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await _app.StopAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
