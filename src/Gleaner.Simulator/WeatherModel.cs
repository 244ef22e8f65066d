using Gleaner.Simulator.Weather;

namespace Gleaner.Simulator;

/// <summary>
/// The temperatures the simulated weather pages report: a seasonal curve (coldest around 21 January), a daily
/// curve (warmest at 3 pm local standard time) and a deterministic wobble of up to ±0.6 °F that changes with
/// every reading. A station reports a new reading each interval (a minute unless asked otherwise, counted from the
/// Unix epoch); values are constant within one and rounded to one decimal, so a test can compute exactly what a
/// page served at a given time says.
/// </summary>
public static class WeatherModel
{
    private const double DaysPerYear = 365.25;
    private const double ColdestDayOfYear = 20; // zero-based: 21 January

    /// <summary>How often a station reports a new reading unless asked otherwise: once a minute.</summary>
    public static TimeSpan DefaultInterval { get; } = TimeSpan.FromMinutes(1);

    /// <summary>The shortest interval between readings: one second, the resolution of Last-Modified.</summary>
    public static TimeSpan MinInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest interval between readings: one day.</summary>
    public static TimeSpan MaxInterval { get; } = TimeSpan.FromDays(1);

    /// <summary>The city keys the simulator serves pages for (nyc, pdx, chi, mia, den).</summary>
    public static IReadOnlyList<string> Cities { get; } = WeatherStation.All.Select(s => s.City).ToList();

    /// <summary>
    /// The temperature in °F, one decimal, that pages for <paramref name="city"/> show at <paramref name="at"/> when
    /// readings come every <paramref name="interval"/> (default <see cref="DefaultInterval"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="city"/> is not one of <see cref="Cities"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not whole seconds from <see cref="MinInterval"/> to <see cref="MaxInterval"/>.</exception>
    public static double TemperatureF(string city, DateTimeOffset at, TimeSpan? interval = null) =>
        TemperatureF(WeatherStation.Find(city), at, interval ?? DefaultInterval);

    /// <summary>The temperature in °C, one decimal, converted from <see cref="TemperatureF(string, DateTimeOffset, TimeSpan?)"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="city"/> is not one of <see cref="Cities"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not whole seconds from <see cref="MinInterval"/> to <see cref="MaxInterval"/>.</exception>
    public static double TemperatureC(string city, DateTimeOffset at, TimeSpan? interval = null) =>
        ToCelsius(TemperatureF(city, at, interval));

    /// <summary>
    /// The start of the reading <paramref name="at"/> falls in, when readings come every <paramref name="interval"/>
    /// (default <see cref="DefaultInterval"/>): the observation time pages report, and their Last-Modified.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not whole seconds from <see cref="MinInterval"/> to <see cref="MaxInterval"/>.</exception>
    public static DateTimeOffset ObservationTime(DateTimeOffset at, TimeSpan? interval = null)
    {
        var every = interval ?? DefaultInterval;
        return DateTimeOffset.UnixEpoch.AddTicks(ReadingIndex(at, every) * every.Ticks);
    }

    /// <summary>Throws unless <paramref name="interval"/> is whole seconds from <see cref="MinInterval"/> to <see cref="MaxInterval"/>.</summary>
    internal static void CheckInterval(TimeSpan interval, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, MinInterval, name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(interval, MaxInterval, name);
        if (interval.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            // Last-Modified counts whole seconds: a reading starting within one could not be told from the last.
            throw new ArgumentOutOfRangeException(name, interval, "the interval between readings must be whole seconds");
        }
    }

    // Readings are numbered from the Unix epoch; with the default interval the number is the Unix minute.
    private static long ReadingIndex(DateTimeOffset at, TimeSpan interval)
    {
        CheckInterval(interval, nameof(interval));
        var ticks = (at - DateTimeOffset.UnixEpoch).Ticks;
        return ticks >= 0 ? ticks / interval.Ticks : ((ticks + 1) / interval.Ticks) - 1;
    }

    internal static double TemperatureF(WeatherStation station, DateTimeOffset at, TimeSpan interval)
    {
        var index = ReadingIndex(at, interval);
        var observed = DateTimeOffset.UnixEpoch.AddTicks(index * interval.Ticks);
        var local = observed.ToOffset(station.UtcOffset);
        var dayOfYear = local.DayOfYear - 1 + local.TimeOfDay.TotalDays;
        var seasonal = -station.SeasonalAmplitudeF * Math.Cos(2 * Math.PI * (dayOfYear - ColdestDayOfYear) / DaysPerYear);
        var daily = station.DailyAmplitudeF * Math.Cos(2 * Math.PI * (local.TimeOfDay.TotalHours - 15) / 24);
        var wobble = (Unit(station.Seed ^ (ulong)index) - 0.5) * 1.2;
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
