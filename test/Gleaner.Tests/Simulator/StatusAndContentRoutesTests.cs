using System.Text;
using Gleaner.Simulator;

namespace Gleaner.Tests.Simulator;

public class StatusAndContentRoutesTests(FastSimulatorFixture fixture) : IClassFixture<FastSimulatorFixture>
{
    private readonly HostileSimulator _sim = fixture.Simulator;

    [Theory]
    [InlineData(404, null)]
    [InlineData(500, null)]
    [InlineData(503, "120")]
    [InlineData(429, "30")]
    public async Task Status_AnswersTheCodeAndRetryAfter(int code, string? retryAfter)
    {
        using var client = SimulatorHarness.Client();
        using var response = await client.GetAsync(_sim.Url($"/status/{code}"), TestContext.Current.CancellationToken);
        Assert.Equal(code, (int)response.StatusCode);
        Assert.Equal(retryAfter, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("72.0&deg;F", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Png_IsARealPng()
    {
        using var client = SimulatorHarness.Client();
        using var response = await client.GetAsync(_sim.Url("/content/png"), TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(bytes, 12, 4));
    }

    [Fact]
    public async Task OctetStreamHtml_IsHtmlLabelledBinary()
    {
        using var client = SimulatorHarness.Client();
        using var response = await client.GetAsync(_sim.Url("/content/octet-stream-html"), TestContext.Current.CancellationToken);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("45.0&deg;F", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidUtf8_SurroundsAValidValueWithBadBytes()
    {
        using var client = SimulatorHarness.Client();
        using var response = await client.GetAsync(_sim.Url("/content/invalid-utf8"), TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var expected = new byte[] { 0xFF, 0xFE }.Concat(Encoding.UTF8.GetBytes(" temp 51°F ")).Concat(new byte[] { 0xC3, 0x28 }).ToArray();

        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(bytes.AsSpan().IndexOf(expected) > 0);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        var lenient = Encoding.UTF8.GetString(bytes);
        Assert.Contains("\uFFFD\uFFFD temp 51°F \uFFFD(", lenient, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoTemperatureAndAbsurdTemperature_LookLikeTheRealPage()
    {
        using var client = SimulatorHarness.Client();
        var none = await client.GetStringAsync(_sim.Url("/content/no-temperature"), TestContext.Current.CancellationToken);
        var absurd = await client.GetStringAsync(_sim.Url("/content/absurd-temperature"), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("&deg;F", none, StringComparison.Ordinal);
        Assert.DoesNotContain("°F", none, StringComparison.Ordinal);
        Assert.Contains("<p class=\"myforecast-current-lrg\">999.9&deg;F</p>", absurd, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TerminalEscapes_TheTemperatureParagraphHoldsRawControlsAndACharacterReference()
    {
        using var client = SimulatorHarness.Client();
        using var response = await client.GetAsync(_sim.Url("/content/terminal-escapes"), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Contains(
            "<p class=\"myforecast-current-lrg\">\u001b]0;owned\u0007&#27;[2J\u009b31m\u007f\u202e66.9&deg;F</p>",
            html,
            StringComparison.Ordinal);
    }
}
