namespace Gleaner.Simulator.Weather;

/// <summary>A simulated observing station and the climate its temperatures follow.</summary>
/// <param name="City">The short key used in paths, e.g. <c>nyc</c>.</param>
/// <param name="Name">The station name as NWS writes it.</param>
/// <param name="StationId">The ICAO identifier, e.g. KNYC.</param>
/// <param name="Latitude">Degrees north.</param>
/// <param name="Longitude">Degrees east (negative in the Americas).</param>
/// <param name="UtcOffsetHours">Standard-time offset; the model ignores daylight saving.</param>
/// <param name="ZoneAbbreviation">EST, CST, MST or PST.</param>
/// <param name="AnnualMeanF">Mean temperature over the year.</param>
/// <param name="SeasonalAmplitudeF">Half the spread between the late-July and late-January means.</param>
/// <param name="DailyAmplitudeF">Half the spread between the 3 pm high and the 3 am low.</param>
/// <param name="Seed">Seed for the per-minute wobble.</param>
internal sealed record WeatherStation(
    string City,
    string Name,
    string StationId,
    double Latitude,
    double Longitude,
    int UtcOffsetHours,
    string ZoneAbbreviation,
    double AnnualMeanF,
    double SeasonalAmplitudeF,
    double DailyAmplitudeF,
    ulong Seed)
{
    public static IReadOnlyList<WeatherStation> All { get; } =
    [
        new("nyc", "New York City, Central Park", "KNYC", 40.7789, -73.9692, -5, "EST", 55.5, 22.5, 8.0, 0x6e7963),
        new("pdx", "Portland, Portland International Airport", "KPDX", 45.5958, -122.6092, -8, "PST", 54.5, 14.5, 9.5, 0x706478),
        new("chi", "Chicago, Chicago Midway Airport", "KMDW", 41.7841, -87.7551, -6, "CST", 51.0, 24.5, 9.0, 0x636869),
        new("mia", "Miami, Miami International Airport", "KMIA", 25.7881, -80.3169, -5, "EST", 77.5, 7.0, 6.0, 0x6d6961),
        new("den", "Denver, Denver International Airport", "KDEN", 39.8466, -104.6562, -7, "MST", 50.5, 21.5, 14.0, 0x64656e),
    ];

    public static WeatherStation Find(string city) =>
        All.FirstOrDefault(s => s.City == city)
        ?? throw new ArgumentException($"unknown city '{city}'; known: {string.Join(", ", All.Select(s => s.City))}", nameof(city));

    public TimeSpan UtcOffset => TimeSpan.FromHours(UtcOffsetHours);
}
