using System.Globalization;
using Gleaner.Simulator.Hosting;
using Gleaner.Simulator.Weather;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gleaner.Simulator.Routes;

/// <summary>
/// /weather/{city}.html|.json|.xml for every city of <see cref="WeatherModel"/>: realistic pages whose temperature
/// follows the simulator's clock, a new reading every <see cref="SimulatorOptions.WeatherInterval"/> or as often as
/// a <c>?drift=10s</c> query asks. Each carries a strong ETag derived from the reading and its start as
/// Last-Modified, and answers If-None-Match (or, without it, If-Modified-Since) with 304 while the reading lasts,
/// as a polite sampler expects.
/// </summary>
internal static class WeatherRoutes
{
    private const string Drift = "drift";

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
        WeatherReading.At(WeatherStation.Find(city), sim.Time.GetUtcNow(), sim.Options.WeatherInterval);

    /// <summary>The interval a <c>drift</c> value names (<c>10s</c>, <c>5m</c>, <c>1h</c>); null when it names none the model allows.</summary>
    internal static TimeSpan? ParseDrift(string text)
    {
        if (text.Length is < 2 or > 7
            || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return null;
        }

        TimeSpan? interval = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(count),
            'm' => TimeSpan.FromMinutes(count),
            'h' => TimeSpan.FromHours(count),
            _ => null,
        };
        return interval >= WeatherModel.MinInterval && interval <= WeatherModel.MaxInterval ? interval : null;
    }

    private static Task ServeAsync(HttpContext http, SimulatorContext sim, WeatherStation station, string format,
        string contentType, Func<WeatherReading, string> render)
    {
        var interval = sim.Options.WeatherInterval;
        if (http.Request.Query.TryGetValue(Drift, out var drift))
        {
            if (drift.Count != 1 || ParseDrift(drift.ToString()) is not { } asked)
            {
                return Respond.TextAsync(http, StatusCodes.Status400BadRequest, Respond.PlainText,
                    "drift must be one interval from 1s to 24h in s, m or h, e.g. ?drift=10s\n");
            }

            interval = asked;
        }

        var now = sim.Time.GetUtcNow();
        var reading = WeatherReading.At(station, now, interval);
        // The page is a function of the station, the format and the reading, so these name its bytes exactly.
        var etag = new EntityTagHeaderValue($"\"{station.City}-{format}-{reading.ObservedUtc.ToUnixTimeSeconds()}-{reading.F1}\"");
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = reading.ObservedUtc;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = reading.ObservedUtc + interval - now };
        if (NotModified(http.Request, etag, reading.ObservedUtc))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        return Respond.TextAsync(http, StatusCodes.Status200OK, contentType, render(reading));
    }

    // RFC 9110 §13.2.2: If-None-Match decides when present (weak comparison, as for GET); If-Modified-Since only without it.
    private static bool NotModified(HttpRequest request, EntityTagHeaderValue etag, DateTimeOffset lastModified)
    {
        var asked = request.GetTypedHeaders();
        if (request.Headers.IfNoneMatch.Count > 0)
        {
            return asked.IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false));
        }

        return asked.IfModifiedSince is { } since && lastModified <= since;
    }
}
