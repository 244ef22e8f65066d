namespace Gleaner.Benchmarks;

/// <summary>
/// Finds the shared real-world fixtures beside the repository (<c>&lt;repo&gt;/../shared/fixtures</c>) at run time;
/// nothing is copied into the repository. <c>GLEANER_FIXTURES</c> overrides the search. BenchmarkDotNet runs each
/// benchmark from a generated folder under bin/, so the search walks up from wherever the process starts.
/// </summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The weather fixture at <paramref name="relative"/>, e.g. <c>nws-mapclick-html/…html</c>.</summary>
    public static byte[] Weather(string relative) => File.ReadAllBytes(Path.Combine(Root.Value, "weather", relative));

    /// <summary>The KPDX MapClick page (73 KB), a real forecast.weather.gov page.</summary>
    public const string MapClickHtml = "nws-mapclick-html/mapclick_KPDX_2017-03-01_our-data.html";

    /// <summary>api.weather.gov's latest KNYC observation (4.7 KB), a real GeoJSON answer.</summary>
    public const string ObservationJson = "nws-api-json/api_stations_KNYC_observations_latest_2026-01-20_accessiweather.json";

    /// <summary>w1.weather.gov's current observation at KPDX (2.5 KB of XML).</summary>
    public const string CurrentObsXml = "nws-current-obs-xml/current_obs_KPDX_2017-02-27_our-data.xml";

    /// <summary>A DWML four-day forecast for NYC (6 KB of XML, nested and attributed).</summary>
    public const string DwmlXml = "nws-dwml-xml/dwml_4day_NYC_2008-12-23_noaa-gem.xml";

    private static string FindRoot()
    {
        var overridden = Environment.GetEnvironmentVariable("GLEANER_FIXTURES");
        if (!string.IsNullOrEmpty(overridden))
        {
            return Directory.Exists(overridden)
                ? overridden
                : throw new DirectoryNotFoundException($"GLEANER_FIXTURES names '{overridden}', which does not exist.");
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "fixtures");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"No 'shared/fixtures' folder in any parent of {AppContext.BaseDirectory}. The fixtures are expected beside "
            + "the repository (<repo>/../shared/fixtures); set GLEANER_FIXTURES to their path to run from elsewhere.");
    }
}
