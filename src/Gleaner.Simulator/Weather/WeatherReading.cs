using System.Globalization;

namespace Gleaner.Simulator.Weather;

/// <summary>What a station reports at one minute: the model temperature plus plausible companions
/// (dew point, humidity, wind, pressure) that give extractors other numbers to trip over.</summary>
internal sealed record WeatherReading(WeatherStation Station, DateTimeOffset ObservedUtc, double TemperatureF, double TemperatureC)
{
    /// <summary>The reading that <paramref name="now"/> falls in, when readings come every <paramref name="interval"/>.</summary>
    public static WeatherReading At(WeatherStation station, DateTimeOffset now, TimeSpan interval)
    {
        var observed = WeatherModel.ObservationTime(now, interval);
        var f = WeatherModel.TemperatureF(station, observed, interval);
        return new WeatherReading(station, observed, f, WeatherModel.ToCelsius(f));
    }

    public DateTimeOffset ObservedLocal => ObservedUtc.ToOffset(Station.UtcOffset);

    public int DewpointF => (int)Math.Round(TemperatureF - 9 - (ObservedUtc.Minute % 5));

    public int DewpointC => (int)Math.Round((DewpointF - 32) * 5 / 9.0);

    public int HumidityPercent => 55 + (ObservedUtc.Minute % 30);

    public int WindMph => 4 + (ObservedUtc.Minute % 13);

    public double PressureInches => 29.80 + (ObservedUtc.Minute % 20) / 50.0;

    public string F1 => Format(TemperatureF);

    public string C1 => Format(TemperatureC);

    /// <summary>Highs and lows of the coming days: the forecast tombstones whose numbers are not the current one.</summary>
    public IEnumerable<(string Period, bool High, int Temperature)> Forecast()
    {
        var localDate = ObservedLocal.Date;
        for (var day = 0; day < 4; day++)
        {
            var date = localDate.AddDays(day);
            var name = day == 0 ? "Today" : date.DayOfWeek.ToString();
            yield return (name, true, Smooth(date.AddHours(15)));
            yield return (day == 0 ? "Tonight" : name + " Night", false, Smooth(date.AddDays(1).AddHours(3)));
        }
    }

    public static string Format(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    // Forecasts are whole degrees, one to three degrees off the model, like a real forecast.
    private int Smooth(DateTime localTime)
    {
        var at = new DateTimeOffset(localTime, Station.UtcOffset);
        return (int)Math.Round(WeatherModel.TemperatureF(Station, at, WeatherModel.DefaultInterval)) + 1 + (localTime.Day % 3);
    }
}
