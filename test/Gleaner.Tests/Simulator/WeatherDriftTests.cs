using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Simulator;
using Gleaner.Targets;
using Gleaner.Validation;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Simulator;

/// <summary>
/// The weather pages drift: a new reading every interval (a minute, the host's option, or a request's
/// <c>?drift=</c>), a strong ETag and Last-Modified for it, and a 304 to a conditional request while it lasts.
/// </summary>
public sealed class WeatherDriftTests : IAsyncLifetime
{
    // The start of a 10-second reading; nyc's °C differs from the next reading's (checked below, as the model is fixed).
    private static readonly DateTimeOffset Start = new(2026, 1, 20, 17, 51, 30, TimeSpan.Zero);
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);
    private const string Path = "/weather/nyc.json?drift=10s";

    private readonly FakeTimeProvider _time = new(Start);
    private readonly HttpClient _client = SimulatorHarness.Client();
    private HostileSimulator _sim = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _sim = await HostileSimulator.StartAsync(SimulatorHarness.FastOptions(_time));

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public void Model_TheChosenReadingsDiffer() =>
        Assert.NotEqual(WeatherModel.TemperatureC("nyc", Start, Ten), WeatherModel.TemperatureC("nyc", Start + Ten, Ten));

    [Fact]
    public async Task Drift_ServesTheReadingOfItsIntervalWithAStrongETagAndItsStart()
    {
        _time.Advance(TimeSpan.FromSeconds(4));

        using var response = await GetAsync(Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WeatherModel.TemperatureC("nyc", Start, Ten), await TemperatureAsync(response));
        Assert.Equal(Start, response.Content.Headers.LastModified);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal($"\"nyc-json-{Start.ToUnixTimeSeconds()}-{F1(WeatherModel.TemperatureF("nyc", Start, Ten))}\"", response.Headers.ETag.Tag);
        Assert.Equal(TimeSpan.FromSeconds(6), response.Headers.CacheControl!.MaxAge);
    }

    [Fact]
    public async Task Drift_IfNoneMatch_Is304UntilTheNextReadingThen200WithIt()
    {
        using var first = await GetAsync(Path);
        var etag = first.Headers.ETag!;

        _time.Advance(Ten - TimeSpan.FromTicks(1));
        using var before = await GetAsync(Path, r => r.Headers.IfNoneMatch.Add(etag));
        _time.Advance(TimeSpan.FromTicks(1));
        using var after = await GetAsync(Path, r => r.Headers.IfNoneMatch.Add(etag));

        Assert.Equal(HttpStatusCode.NotModified, before.StatusCode);
        Assert.Equal(etag, before.Headers.ETag);
        Assert.Empty(await before.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag);
        Assert.Equal(Start + Ten, after.Content.Headers.LastModified);
        Assert.Equal(WeatherModel.TemperatureC("nyc", Start + Ten, Ten), await TemperatureAsync(after));
        Assert.NotEqual(await TemperatureAsync(first), await TemperatureAsync(after));
    }

    [Fact]
    public async Task Drift_IfModifiedSince_Is304UntilTheNextReadingThen200()
    {
        _time.Advance(Ten - TimeSpan.FromTicks(1));
        using var before = await GetAsync(Path, r => r.Headers.IfModifiedSince = Start);
        _time.Advance(TimeSpan.FromTicks(1));
        using var after = await GetAsync(Path, r => r.Headers.IfModifiedSince = Start);

        Assert.Equal((HttpStatusCode.NotModified, HttpStatusCode.OK), (before.StatusCode, after.StatusCode));
    }

    [Fact]
    public async Task Drift_IfNoneMatchThatDiffers_WinsOverAnIfModifiedSinceThatHolds()
    {
        using var response = await GetAsync(Path, r =>
        {
            r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\""));
            r.Headers.IfModifiedSince = Start;
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task NoDrift_KeepsOneReadingAMinute()
    {
        using var first = await GetAsync("/weather/nyc.json");
        _time.Advance(Ten);
        using var later = await GetAsync("/weather/nyc.json", r => r.Headers.IfNoneMatch.Add(first.Headers.ETag!));

        Assert.Equal(HttpStatusCode.NotModified, later.StatusCode);
        Assert.Equal(new DateTimeOffset(2026, 1, 20, 17, 51, 0, TimeSpan.Zero), first.Content.Headers.LastModified);
        Assert.Equal(WeatherModel.TemperatureC("nyc", Start), await TemperatureAsync(first));
    }

    [Fact]
    public async Task HostOption_SetsTheIntervalOfEveryWeatherPage()
    {
        await using var drifting = await HostileSimulator.StartAsync(new SimulatorOptions { Time = _time, WeatherInterval = Ten }, Ct);

        using var response = await _client.GetAsync(drifting.Url("/weather/nyc.json"), Ct);

        Assert.Equal(Start, response.Content.Headers.LastModified);
        Assert.Equal(WeatherModel.TemperatureC("nyc", Start, Ten), await TemperatureAsync(response));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("0s")]
    [InlineData("25h")]
    [InlineData("1.5s")]
    [InlineData("-5s")]
    [InlineData("10d")]
    [InlineData("99999999999s")]
    public async Task Drift_NotAnIntervalFrom1sTo24h_Is400(string drift)
    {
        using var response = await GetAsync("/weather/nyc.json?drift=" + Uri.EscapeDataString(drift));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("drift must be one interval from 1s to 24h in s, m or h, e.g. ?drift=10s\n", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("1s", 1)]
    [InlineData("10s", 10)]
    [InlineData("5m", 300)]
    [InlineData("24h", 86400)]
    public void ParseDrift_ReadsSecondsMinutesAndHours(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Gleaner.Simulator.Routes.WeatherRoutes.ParseDrift(text));

    [Fact]
    public void Options_IntervalNotWholeSeconds_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatorOptions { WeatherInterval = TimeSpan.FromMilliseconds(1500) }.Validate());

    [Fact]
    public async Task ConditionalSample_OfADriftingPage_IsNotModifiedUntilTheNextReading()
    {
        using var fetcher = new Fetcher();
        var runner = new TargetRunner(fetcher);
        var target = new Target
        {
            Name = "nyc",
            Url = _sim.Url(Path),
            Extract = ExtractionChain.Of(ExtractionRules.Compile("jsonpath", "$.properties.temperature.value")),
            Value = new ValueSpec(ValueKind.Number, unit: "C", min: -60, max: 60),
        };

        var first = await runner.RunAsync(target, conditional: null, redirectCheck: null, Ct);
        _time.Advance(Ten - TimeSpan.FromSeconds(1));
        var unchanged = await runner.RunAsync(target, first.Fetch.Validators, redirectCheck: null, Ct);
        _time.Advance(TimeSpan.FromSeconds(1));
        var changed = await runner.RunAsync(target, unchanged.Fetch.Validators, redirectCheck: null, Ct);

        Assert.Equal((Outcome.Ok, false, WeatherModel.TemperatureC("nyc", Start, Ten)), (first.Outcome, first.NotModified, first.Value));
        Assert.Equal((Outcome.Ok, true, 304, (object?)null), (unchanged.Outcome, unchanged.NotModified, unchanged.Fetch.Status, unchanged.Value));
        Assert.Equal((Outcome.Ok, false, WeatherModel.TemperatureC("nyc", Start + Ten, Ten)), (changed.Outcome, changed.NotModified, changed.Value));
    }

    private async Task<HttpResponseMessage> GetAsync(string path, Action<HttpRequestMessage>? conditional = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _sim.Url(path));
        conditional?.Invoke(request);
        return await _client.SendAsync(request, Ct);
    }

    private static async Task<double> TemperatureAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.GetProperty("properties").GetProperty("temperature").GetProperty("value").GetDouble();
    }

    private static string F1(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
}
