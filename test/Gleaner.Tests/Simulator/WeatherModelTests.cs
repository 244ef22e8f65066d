using Gleaner.Simulator;

namespace Gleaner.Tests.Simulator;

public class WeatherModelTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 20, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TemperatureF_WithinOneMinute_IsConstant() =>
        Assert.Equal(WeatherModel.TemperatureF("nyc", Noon), WeatherModel.TemperatureF("nyc", Noon.AddSeconds(59.9)));

    [Fact]
    public void TemperatureF_OverAnHour_ChangesAndStaysSmooth()
    {
        var values = Enumerable.Range(0, 60).Select(m => WeatherModel.TemperatureF("nyc", Noon.AddMinutes(m))).ToList();
        Assert.True(values.Distinct().Count() > 10, $"only {values.Distinct().Count()} distinct values");
        Assert.All(values.Zip(values.Skip(1)), pair => Assert.InRange(Math.Abs(pair.First - pair.Second), 0, 1.5));
    }

    [Fact]
    public void TemperatureF_EveryCityOverAYear_IsPlausibleAndOneDecimal()
    {
        foreach (var city in WeatherModel.Cities)
        {
            for (var hour = 0; hour < 365 * 24; hour += 7)
            {
                var f = WeatherModel.TemperatureF(city, Noon.AddHours(hour));
                Assert.InRange(f, -20, 115);
                Assert.Equal(f, Math.Round(f, 1));
            }
        }
    }

    [Fact]
    public void TemperatureF_Afternoon_IsWarmerThanNightAndJulyWarmerThanJanuary()
    {
        var est = TimeSpan.FromHours(-5);
        Assert.True(WeatherModel.TemperatureF("nyc", new DateTimeOffset(2026, 4, 2, 15, 0, 0, est))
                    > WeatherModel.TemperatureF("nyc", new DateTimeOffset(2026, 4, 2, 3, 0, 0, est)) + 10);
        Assert.True(WeatherModel.TemperatureF("chi", new DateTimeOffset(2026, 7, 21, 12, 0, 0, est))
                    > WeatherModel.TemperatureF("chi", new DateTimeOffset(2026, 1, 21, 12, 0, 0, est)) + 30);
    }

    [Fact]
    public void TemperatureC_IsTheRoundedConversionOfF()
    {
        var f = WeatherModel.TemperatureF("pdx", Noon);
        Assert.Equal(Math.Round((f - 32) * 5 / 9, 1, MidpointRounding.AwayFromZero), WeatherModel.TemperatureC("pdx", Noon));
    }

    [Fact]
    public void TemperatureF_UnknownCity_Throws() =>
        Assert.Throws<ArgumentException>(() => WeatherModel.TemperatureF("atlantis", Noon));
}
