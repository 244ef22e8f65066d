using System.Text;
using Gleaner.Simulator.Hosting;
using Gleaner.Simulator.Raw;
using Gleaner.Simulator.Weather;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Simulator.Routes;

/// <summary>Routes that hang or trickle. Each one ends as soon as its client leaves or the simulator stops.</summary>
internal static class SlowRoutes
{
    public static void Register(RouteCatalog routes)
    {
        routes.Http("/slow/never", RouteGroups.Slow, Expect.Deadline,
            "Accepts the connection, reads the request and never sends a byte. Default limits give deadline, not "
            + "headers_timeout: both are 10 s, and the total deadline starts first (before DNS and connect).",
            NeverAsync);
        routes.Raw("/slow/header-trickle", RouteGroups.Slow, Expect.Deadline,
            "Raw socket: sends the status line and headers one byte every TrickleInterval (2 s), so headers would take "
            + "minutes; the 10 s total deadline fires before the 10 s headers timeout.",
            HeaderTrickleAsync);
        routes.Http("/slow/body-trickle", RouteGroups.Slow, Expect.Stalled,
            "Fast 200 headers with Content-Length, then the body one byte every TrickleInterval (2 s): a few bytes per "
            + "5 s window is far below the 2 KiB stall guard, which fires at about 5 s, before the deadline.",
            BodyTrickleAsync);
    }

    private static async Task NeverAsync(HttpContext http, SimulatorContext sim)
    {
        using var lifetime = Respond.Lifetime(http, sim);
        await Task.Delay(Timeout.InfiniteTimeSpan, sim.Time, lifetime.Token);
    }

    private static Task HeaderTrickleAsync(RawExchange exchange, SimulatorContext sim)
    {
        var body = "<html><body><p class=\"myforecast-current-lrg\">45.0&deg;F</p></body></html>\n";
        var response = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-cache\r\n"
            + $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        return exchange.TrickleAsync(Encoding.ASCII.GetBytes(response), sim.Options.TrickleInterval, sim.Time);
    }

    private static async Task BodyTrickleAsync(HttpContext http, SimulatorContext sim)
    {
        using var lifetime = Respond.Lifetime(http, sim);
        var body = Encoding.UTF8.GetBytes(MapClickPage.Render(WeatherRoutes.Reading(sim, "nyc")));
        http.Response.ContentType = Respond.Html;
        http.Response.ContentLength = body.Length;
        await http.Response.StartAsync(lifetime.Token);
        await http.Response.Body.FlushAsync(lifetime.Token);
        for (var i = 0; i < body.Length; i++)
        {
            if (i > 0)
                await Task.Delay(sim.Options.TrickleInterval, sim.Time, lifetime.Token);
            await http.Response.Body.WriteAsync(body.AsMemory(i, 1), lifetime.Token);
            await http.Response.Body.FlushAsync(lifetime.Token);
        }
    }
}
