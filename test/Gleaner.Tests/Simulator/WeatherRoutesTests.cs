using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Gleaner.Simulator;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Simulator;

public sealed class WeatherRoutesTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 20, 17, 51, 30, TimeSpan.Zero));
    private HostileSimulator _sim = null!;
    private readonly HttpClient _client = SimulatorHarness.Client();

    public async ValueTask InitializeAsync() => _sim = await HostileSimulator.StartAsync(SimulatorHarness.FastOptions(_time));

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _sim.DisposeAsync();
    }

    private static string F1(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Html_CurrentConditions_ShowTheModelTemperature()
    {
        var f = WeatherModel.TemperatureF("nyc", _time.GetUtcNow());
        var c = WeatherModel.TemperatureC("nyc", _time.GetUtcNow());
        using var response = await _client.GetAsync(_sim.Url("/weather/nyc.html"), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var summary = html[html.IndexOf("id=\"current_conditions-summary\"", StringComparison.Ordinal)..];
        summary = summary[..summary.IndexOf("</div>", StringComparison.Ordinal)];
        Assert.Contains($"<p class=\"myforecast-current-lrg\">{F1(f)}&deg;F</p>", summary, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"myforecast-current-sm\">{F1(c)}&deg;C</p>", summary, StringComparison.Ordinal);
        Assert.Contains("class=\"temp temp-high\">High:", html, StringComparison.Ordinal); // the tombstone traps
        Assert.Contains("Central Park (KNYC)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_Temperature_IsModelCelsiusWithWmoUnit()
    {
        using var response = await _client.GetAsync(_sim.Url("/weather/nyc.json"), TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var temperature = json.RootElement.GetProperty("properties").GetProperty("temperature");

        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("wmoUnit:degC", temperature.GetProperty("unitCode").GetString());
        Assert.Equal(WeatherModel.TemperatureC("nyc", _time.GetUtcNow()), temperature.GetProperty("value").GetDouble());
        Assert.Equal("2026-01-20T17:51:00+00:00", json.RootElement.GetProperty("properties").GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task Xml_TempFAndTempC_AreTheModelValues()
    {
        var xml = XDocument.Parse(await _client.GetStringAsync(_sim.Url("/weather/pdx.xml"), TestContext.Current.CancellationToken));
        var root = xml.Root!;
        Assert.Equal(F1(WeatherModel.TemperatureF("pdx", _time.GetUtcNow())), root.Element("temp_f")!.Value);
        Assert.Equal(F1(WeatherModel.TemperatureC("pdx", _time.GetUtcNow())), root.Element("temp_c")!.Value);
        Assert.Equal("KPDX", root.Element("station_id")!.Value);
    }

    [Fact]
    public async Task Pages_WhenTheClockMoves_FollowTheModel()
    {
        var before = await _client.GetStringAsync(_sim.Url("/weather/chi.xml"), TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromHours(9));
        var after = XDocument.Parse(await _client.GetStringAsync(_sim.Url("/weather/chi.xml"), TestContext.Current.CancellationToken));

        Assert.Equal(F1(WeatherModel.TemperatureF("chi", _time.GetUtcNow())), after.Root!.Element("temp_f")!.Value);
        Assert.NotEqual(XDocument.Parse(before).Root!.Element("temp_f")!.Value, after.Root!.Element("temp_f")!.Value);
    }

    [Fact]
    public async Task EveryCityAndFormat_Answers200WithItsValue()
    {
        foreach (var city in WeatherModel.Cities)
        {
            foreach (var format in new[] { "html", "json", "xml" })
            {
                using var response = await _client.GetAsync(_sim.Url($"/weather/{city}.{format}"), TestContext.Current.CancellationToken);
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var expected = format == "json" ? WeatherModel.TemperatureC(city, _time.GetUtcNow()) : WeatherModel.TemperatureF(city, _time.GetUtcNow());
                Assert.Contains(F1(expected), body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task RepeatedSample_WithETag_Gets304UntilTheMinuteChanges()
    {
        using var first = await _client.GetAsync(_sim.Url("/weather/nyc.json"), TestContext.Current.CancellationToken);
        var etag = first.Headers.ETag!;
        Assert.Equal(new DateTimeOffset(2026, 1, 20, 17, 51, 0, TimeSpan.Zero), first.Content.Headers.LastModified);

        using var again = new HttpRequestMessage(HttpMethod.Get, _sim.Url("/weather/nyc.json"));
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _client.SendAsync(again, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        _time.Advance(TimeSpan.FromMinutes(1));
        using var later = new HttpRequestMessage(HttpMethod.Get, _sim.Url("/weather/nyc.json"));
        later.Headers.IfNoneMatch.Add(etag);
        using var changed = await _client.SendAsync(later, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }
}
