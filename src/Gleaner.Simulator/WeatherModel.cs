using Gleaner.Simulator.Weather;

namespace Gleaner.Simulator;

/// <summary>
/// The temperatures the simulated weather pages report: a seasonal curve (coldest around 21 January), a daily
/// curve (warmest at 3 pm local standard time) and a deterministic wobble of up to ±0.6 °F that changes every
/// minute. Values are constant within a UTC minute and rounded to one decimal, so a test can compute exactly what
/// a page served at a given time says.
/// </summary>
public static class WeatherModel
{
    private const double DaysPerYear = 365.25;
    private const double ColdestDayOfYear = 20; // zero-based: 21 January

    /// <summary>The city keys the simulator serves pages for (nyc, pdx, chi, mia, den).</summary>
    public static IReadOnlyList<string> Cities { get; } = WeatherStation.All.Select(s => s.City).ToList();

    /// <summary>The temperature in °F, one decimal, that pages for <paramref name="city"/> show at <paramref name="at"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="city"/> is not one of <see cref="Cities"/>.</exception>
    public static double TemperatureF(string city, DateTimeOffset at) => TemperatureF(WeatherStation.Find(city), at);

    /// <summary>The temperature in °C, one decimal, converted from <see cref="TemperatureF(string, DateTimeOffset)"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="city"/> is not one of <see cref="Cities"/>.</exception>
    public static double TemperatureC(string city, DateTimeOffset at) => ToCelsius(TemperatureF(city, at));

    /// <summary>The start of the UTC minute that <paramref name="at"/> falls in: the observation time pages report.</summary>
    public static DateTimeOffset ObservationTime(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }

    internal static double TemperatureF(WeatherStation station, DateTimeOffset at)
    {
        var observed = ObservationTime(at);
        var local = observed.ToOffset(station.UtcOffset);
        var dayOfYear = local.DayOfYear - 1 + local.TimeOfDay.TotalDays;
        var seasonal = -station.SeasonalAmplitudeF * Math.Cos(2 * Math.PI * (dayOfYear - ColdestDayOfYear) / DaysPerYear);
        var daily = station.DailyAmplitudeF * Math.Cos(2 * Math.PI * (local.TimeOfDay.TotalHours - 15) / 24);
        var minute = (ulong)(observed.ToUnixTimeSeconds() / 60);
        var wobble = (Unit(station.Seed ^ minute) - 0.5) * 1.2;
        return Round(station.AnnualMeanF + seasonal + daily + wobble);
    }

    internal static double ToCelsius(double fahrenheit) => Round((fahrenheit - 32) * 5 / 9);

    // + 0.0 turns a rounded -0 into 0 so no page ever prints "-0.0".
    private static double Round(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero) + 0.0;

    // SplitMix64: a stable hash (string.GetHashCode is randomized per process) mapped to [0, 1).
    private static double Unit(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }
}
