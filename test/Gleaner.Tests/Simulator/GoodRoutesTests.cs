using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using Gleaner.Simulator;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Simulator;

public sealed class GoodRoutesTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 7, 4, 19, 30, 0, TimeSpan.Zero));
    private HostileSimulator _sim = null!;
    private readonly HttpClient _client = SimulatorHarness.Client();

    public async ValueTask InitializeAsync() => _sim = await HostileSimulator.StartAsync(SimulatorHarness.FastOptions(_time));

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _sim.DisposeAsync();
    }

    private string NycF => WeatherModel.TemperatureF("nyc", _time.GetUtcNow()).ToString("0.0", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Plain_IsOneTemperatureLine()
    {
        using var response = await _client.GetAsync(_sim.Url("/good/plain"), TestContext.Current.CancellationToken);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Content.Headers.ContentLength);
        Assert.Contains($"Temperature: {NycF} F", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/good/gzip", "gzip")]
    [InlineData("/good/brotli", "br")]
    public async Task Compressed_DecodesToTheWeatherPage(string path, string coding)
    {
        using var response = await _client.GetAsync(_sim.Url(path), TestContext.Current.CancellationToken);
        Assert.Equal([coding], response.Content.Headers.ContentEncoding);
        await using var wire = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        await using Stream decoded = coding == "gzip"
            ? new GZipStream(wire, CompressionMode.Decompress)
            : new BrotliStream(wire, CompressionMode.Decompress);
        using var reader = new StreamReader(decoded);
        Assert.Contains($"myforecast-current-lrg\">{NycF}&deg;F", await reader.ReadToEndAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chunked_HasNoContentLength()
    {
        using var response = await _client.GetAsync(_sim.Url("/good/chunked"), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.Contains($"{NycF}&deg;F", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_OnTheRealClock_TakesUnderASecondButNotNoTime()
    {
        await using var sim = await HostileSimulator.StartAsync(SimulatorHarness.FastOptions(), TestContext.Current.CancellationToken);
        var watch = Stopwatch.StartNew();
        using var response = await _client.GetAsync(sim.Url("/good/slow"), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var headers = watch.Elapsed;
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(headers, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(5));
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(740), TimeSpan.FromSeconds(5));
        Assert.Contains("myforecast-current-lrg", body, StringComparison.Ordinal);
    }
}
