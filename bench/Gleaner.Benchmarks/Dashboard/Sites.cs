namespace Gleaner.Benchmarks.Dashboard;

/// <summary>
/// The handful of hosts the made-up targets are spread over, as a real watch list would be: weather pages and APIs
/// in F and C, a shop's prices and a status page's counts (no unit). Nothing is fetched from them: they are names.
/// </summary>
internal static class Sites
{
    public sealed record Site(string Short, string Host, string PathFormat, string? Unit, ValueKind Kind, bool SendsValidators, int Weight);

    public static readonly IReadOnlyList<Site> All =
    [
        new("nws", "forecast.weather.gov", "/MapClick.php?lat=45.{0:D4}&lon=-122.{0:D4}", "F", ValueKind.Temperature, SendsValidators: false, Weight: 25),
        new("obs", "api.weather.gov", "/stations/K{0:D4}/observations/latest", "C", ValueKind.Temperature, SendsValidators: true, Weight: 20),
        new("metar", "tgftp.nws.noaa.gov", "/data/observations/metar/decoded/K{0:D4}.TXT", "F", ValueKind.Temperature, SendsValidators: true, Weight: 10),
        new("wu", "www.wunderground.com", "/weather/us/station/{0}", "F", ValueKind.Temperature, SendsValidators: false, Weight: 5),
        new("met", "www.metoffice.gov.uk", "/weather/forecast/gc{0:D5}", "C", ValueKind.Temperature, SendsValidators: false, Weight: 10),
        new("bbc", "www.bbc.co.uk", "/weather/{0}", "C", ValueKind.Temperature, SendsValidators: true, Weight: 5),
        new("shop", "shop.example.com", "/products/{0}", null, ValueKind.Price, SendsValidators: true, Weight: 15),
        new("status", "status.example.org", "/api/queues/{0}", null, ValueKind.Count, SendsValidators: false, Weight: 10),
    ];

    /// <summary>The site of target <paramref name="index"/>: by weight, interleaved so that neighbours differ.</summary>
    public static Site Of(int index)
    {
        var slot = (int)((uint)(index * 2654435761u) % 100);
        foreach (var site in All)
        {
            if (slot < site.Weight)
            {
                return site;
            }

            slot -= site.Weight;
        }

        return All[^1];
    }
}
