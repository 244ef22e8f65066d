using System.Net;
using Gleaner.Dashboard.Api;
using Gleaner.Dashboard.Board;
using Gleaner.Dashboard.Metrics;
using Gleaner.Dashboard.Pages;
using Gleaner.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gleaner.Dashboard;

/// <summary>
/// The dashboard's web server: Kestrel with minimal-API routes over a <see cref="LiveBoard"/>. Every route reads;
/// none writes a file or runs anything. Dispose it to close every stream and stop listening.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);

    private readonly WebApplication _app;
    private readonly LiveStream _stream;
    private readonly LiveBoard _board;
    private int _disposed;

    private DashboardServer(WebApplication app, LiveStream stream, LiveBoard board, Uri url)
    {
        _app = app;
        _stream = stream;
        _board = board;
        Url = url;
    }

    /// <summary>Where a browser opens it, e.g. <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The live stream (tests read how many are open).</summary>
    internal LiveStream Stream => _stream;

    /// <summary>Starts listening; returns once it accepts connections.</summary>
    /// <exception cref="ArgumentException">The options have problems (<see cref="DashboardOptions.Problems"/>).</exception>
    /// <exception cref="IOException">The address is in use or cannot be bound.</exception>
    public static async Task<DashboardServer> StartAsync(DashboardOptions options, LiveBoard board, CancellationToken cancellationToken = default)
    {
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        var stream = new LiveStream(options.Time, options.MaxEventStreams);
        board.Changed = stream.Offer;
        var app = Build(options, board, stream);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            board.Changed = null;
            stream.Dispose();
            await app.DisposeAsync();
            throw;
        }

        return new DashboardServer(app, stream, board, BoundUrl(app, options.Bind));
    }

    private static WebApplication Build(DashboardOptions options, LiveBoard board, LiveStream stream)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestLineSize = 4 * 1024;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Limits.MaxConcurrentConnections = 1024;
            kestrel.Listen(options.Bind, options.Port);
        });
        builder.Services.AddRoutingCore();
        DashboardMetrics.AddTo(builder.Services, board);
        var app = builder.Build();
        app.Use(ResponseHeaders.GuardAsync);
        // Without a token the bind is loopback (DashboardOptions refuses the rest), and the Host header is checked.
        app.Use(new RequestOrigin(checkHost: options.Token is null).GuardAsync);
        if (options.Token is { } token)
        {
            app.Use(new AccessToken(token).GuardAsync);
        }

        app.Use(AnswerBadQueries);
        var assets = StaticAssets.Load();
        var time = options.Time;
        app.MapGet("/", http => assets.ServeAsync(http, "index.html", cache: false));
        app.MapGet("/target", http => assets.ServeAsync(http, "target.html", cache: false));
        app.MapGet("/assets/{file}", http => assets.ServeAsync(http, (string)http.GetRouteValue("file")!, cache: true));
        app.MapGet("/api/targets", http => TargetsApi.ListAsync(http, board));
        app.MapGet("/api/targets/{**rest}", http => OneTargetAsync(http, board, time, options.MaxSamples));
        app.MapGet("/api/events", http => EventsApi.ListAsync(http, board, time));
        app.MapGet("/api/stream", stream.ServeAsync);
        DashboardMetrics.MapTo(app);
        return app;
    }

    // A target's name may hold any character, '/' too (sent as %2F), so it is read from the raw path, segment by segment.
    private static Task OneTargetAsync(HttpContext http, LiveBoard board, TimeProvider time, int maxSamples)
    {
        var path = http.Request.Path.HasValue ? RawPath(http) : "";
        var segments = path.Split('/');
        // "", "api", "targets", NAME[, "samples"]
        return segments.Length switch
        {
            4 => TargetsApi.OneAsync(http, board, Uri.UnescapeDataString(segments[3])),
            5 when segments[4] == "samples" => SamplesApi.ListAsync(http, board, Uri.UnescapeDataString(segments[3]), time, maxSamples),
            _ => JsonAnswers.ErrorAsync(http, StatusCodes.Status404NotFound, "no such API; see docs/dashboard.md"),
        };
    }

    private static string RawPath(HttpContext http)
    {
        var raw = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value!;
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? raw : raw[..query];
    }

    private static async Task AnswerBadQueries(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
        }
        catch (BadQueryException e) when (!http.Response.HasStarted)
        {
            await JsonAnswers.ErrorAsync(http, StatusCodes.Status400BadRequest, e.Message);
        }
    }

    private static Uri BoundUrl(WebApplication app, IPAddress bind)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel did not report its address");
        var port = BindingAddress.Parse(addresses.Addresses.First()).Port;
        var host = bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) ? "127.0.0.1"
            : bind.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bind}]" : bind.ToString();
        return new Uri($"http://{host}:{port}/");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _board.Changed = null;
        _stream.Dispose();
        using (var grace = new CancellationTokenSource(StopGrace))
        {
            try
            {
                await _app.StopAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _app.DisposeAsync();
    }
}
