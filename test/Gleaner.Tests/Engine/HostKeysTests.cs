using Gleaner.Engine;

namespace Gleaner.Tests.Engine;

public class HostKeysTests
{
    [Theory]
    [InlineData("https://forecast.weather.gov/MapClick.php", "forecast.weather.gov")]
    [InlineData("http://127.0.0.1:8080/x", "127.0.0.1:8080")]
    [InlineData("http://127.0.0.1:8081/x", "127.0.0.1:8081")]
    [InlineData("http://API.Weather.gov/", "api.weather.gov")]
    public void ByHost_KeysByHostAndPort(string url, string expected) =>
        Assert.Equal(expected, HostKeys.For(byRegistrableDomain: false)(new Uri(url)));

    [Theory]
    [InlineData("https://forecast.weather.gov/", "weather.gov")]
    [InlineData("https://api.weather.gov/stations", "weather.gov")]
    [InlineData("http://www.example.co.uk/", "example.co.uk")]
    [InlineData("https://user.github.io/page", "user.github.io")]
    [InlineData("http://127.0.0.1:8080/", "127.0.0.1")]
    public void ByDomain_KeysByRegistrableDomain(string url, string expected) =>
        Assert.Equal(expected, HostKeys.For(byRegistrableDomain: true)(new Uri(url)));
}
