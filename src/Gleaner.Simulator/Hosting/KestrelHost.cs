using System.Net;
using Gleaner.Simulator.Routes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gleaner.Simulator.Hosting;

/// <summary>Builds the Kestrel half: an empty host (no config files, no logging providers) with one terminal
/// middleware that looks the path up in the catalog.</summary>
internal static class KestrelHost
{
    public static WebApplication Build(int port, RouteCatalog catalog, SimulatorContext sim)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // A trickle or a non-reading client is the point of some routes; Kestrel must not cut them short.
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        var handlers = catalog.HttpHandlers;
        app.Run(async http =>
        {
            if (http.Request.Path.Value != TrafficRoute.Path)
                sim.Traffic.Record(TrafficLog.Kestrel, http.Request.Headers.Host.ToString(), RawTarget(http));
            if (!handlers.TryGetValue(http.Request.Path.Value ?? "/", out var handler))
            {
                await NotFoundAsync(http);
                return;
            }
            sim.Handlers.Enter();
            try
            {
                await handler(http, sim);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested
                                                     || sim.Stopping.IsCancellationRequested)
            {
                // The client left or the simulator is stopping: drop the connection rather than let Kestrel
                // answer a hanging route with a tidy 500.
                http.Abort();
            }
            finally
            {
                sim.Handlers.Exit();
            }
        });
        return app;
    }

    public static Uri BoundUri(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel did not report its address");
        var bound = new Uri(addresses.Addresses.First());
        return new Uri($"http://127.0.0.1:{bound.Port}/");
    }

    private static string RawTarget(HttpContext http) =>
        http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value + http.Request.QueryString.Value;

    private static Task NotFoundAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync("no such route; GET / lists them\n");
    }
}
