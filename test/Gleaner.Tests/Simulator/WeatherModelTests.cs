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
    public void TemperatureF_TenSecondReadings_AreConstantWithinOneAndStartOnItsEdge()
    {
        var ten = TimeSpan.FromSeconds(10);
        var at = Noon.AddSeconds(23.5);

        Assert.Equal(Noon.AddSeconds(20), WeatherModel.ObservationTime(at, ten));
        Assert.Equal(WeatherModel.TemperatureF("nyc", Noon.AddSeconds(20), ten), WeatherModel.TemperatureF("nyc", Noon.AddSeconds(29.9), ten));
        var values = Enumerable.Range(0, 60).Select(i => WeatherModel.TemperatureF("nyc", Noon.AddSeconds(10 * i), ten)).ToList();
        Assert.True(values.Distinct().Count() > 10, $"only {values.Distinct().Count()} distinct values");
    }

    [Fact]
    public void TemperatureF_DefaultInterval_IsOneReadingAMinute()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), WeatherModel.DefaultInterval);
        Assert.Equal(WeatherModel.TemperatureF("chi", Noon.AddMinutes(7)), WeatherModel.TemperatureF("chi", Noon.AddMinutes(7), TimeSpan.FromMinutes(1)));
        Assert.Equal(Noon.AddMinutes(7), WeatherModel.ObservationTime(Noon.AddMinutes(7).AddSeconds(59)));
    }

    [Fact]
    public void TemperatureF_ShortReadingsOverAYear_StayWithinTheDemoRanges()
    {
        var ten = TimeSpan.FromSeconds(10);
        foreach (var city in WeatherModel.Cities)
        {
            for (var hour = 0; hour < 365 * 24; hour += 7)
            {
                var at = Noon.AddHours(hour).AddSeconds(hour % 60);
                Assert.InRange(WeatherModel.TemperatureF(city, at, ten), -20, 115);
                Assert.InRange(WeatherModel.TemperatureC(city, at, ten), -29, 47);
            }
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(86401)]
    public void TemperatureF_IntervalNotWholeSecondsFrom1sTo1Day_Throws(double seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WeatherModel.TemperatureF("nyc", Noon, TimeSpan.FromSeconds(seconds)));

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
