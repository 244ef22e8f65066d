using Gleaner.Simulator.Hosting;
using Gleaner.Simulator.Weather;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gleaner.Simulator.Routes;

/// <summary>
/// /weather/{city}.html|.json|.xml for every city of <see cref="WeatherModel"/>: realistic pages whose temperature
/// follows the simulator's clock. Each carries an ETag and Last-Modified for the observation minute and answers a
/// matching If-None-Match with 304, as a polite sampler expects.
/// </summary>
internal static class WeatherRoutes
{
    public static void Register(RouteCatalog routes)
    {
        foreach (var station in WeatherStation.All)
        {
            var where = $"{station.Name} ({station.StationId})";
            routes.Http($"/weather/{station.City}.html", RouteGroups.Weather, Expect.Ok,
                $"NWS MapClick-like page for {where}; the current temperature (°F, one decimal) is in "
                + "#current_conditions-summary p.myforecast-current-lrg, while dew point and forecast tombstones hold other °F numbers.",
                (http, sim) => ServeAsync(http, sim, station, "html", Respond.Html, MapClickPage.Render));
            routes.Http($"/weather/{station.City}.json", RouteGroups.Weather, Expect.Ok,
                $"api.weather.gov latest-observation-like GeoJSON (application/geo+json) for {where}; "
                + "$.properties.temperature.value in °C with unitCode wmoUnit:degC.",
                (http, sim) => ServeAsync(http, sim, station, "json", ObservationJson.ContentType, ObservationJson.Render));
            routes.Http($"/weather/{station.City}.xml", RouteGroups.Weather, Expect.Ok,
                $"NWS current_obs-like XML for {where}; temp_f and temp_c, with dew point beside them.",
                (http, sim) => ServeAsync(http, sim, station, "xml", CurrentObsXml.ContentType, CurrentObsXml.Render));
        }
    }

    internal static WeatherReading Reading(SimulatorContext sim, string city) =>
        WeatherReading.At(WeatherStation.Find(city), sim.Time.GetUtcNow());

    private static Task ServeAsync(HttpContext http, SimulatorContext sim, WeatherStation station, string format,
        string contentType, Func<WeatherReading, string> render)
    {
        var reading = WeatherReading.At(station, sim.Time.GetUtcNow());
        var etag = $"\"{station.City}-{format}-{reading.ObservedUtc.ToUnixTimeSeconds() / 60}\"";
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = EntityTagHeaderValue.Parse(etag);
        headers.LastModified = reading.ObservedUtc;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(60) };
        if (http.Request.Headers.IfNoneMatch == etag)
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        return Respond.TextAsync(http, StatusCodes.Status200OK, contentType, render(reading));
    }
}
