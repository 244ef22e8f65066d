using Gleaner.Simulator;

namespace Gleaner.Tests.Simulator;

public class RouteTableTests(FastSimulatorFixture fixture) : IClassFixture<FastSimulatorFixture>
{
    private readonly HostileSimulator _sim = fixture.Simulator;

    private static readonly HashSet<string> RawPaths =
    [
        "/slow/header-trickle", "/size/huge-close-delimited", "/size/many-headers", "/size/huge-header-line",
        "/protocol/lying-length", "/protocol/reset", "/protocol/ssh-banner", "/protocol/binary-garbage",
        "/protocol/bad-chunk-size",
    ];

    [Fact]
    public void Routes_EveryRoute_HasKnownGroupOutcomeAndDescription()
    {
        Assert.NotEmpty(_sim.Routes);
        Assert.Equal(_sim.Routes.Count, _sim.Routes.Select(r => r.Path).Distinct().Count());
        Assert.All(_sim.Routes, r =>
        {
            Assert.Contains(r.Group, RouteGroups.All);
            Assert.Contains(r.ExpectedOutcome, OutcomeNames.All);
            Assert.False(string.IsNullOrWhiteSpace(r.Description));
            Assert.StartsWith("/", r.Path);
            Assert.Equal("127.0.0.1", r.Url.Host);
            Assert.Equal(_sim.Url(r.Path), r.Url);
        });
        Assert.Equal(RouteGroups.All.Order(), _sim.Routes.Select(r => r.Group).Distinct().Order());
    }

    [Fact]
    public void Url_RawRoutes_UseTheRawServerAndTheRestKestrel()
    {
        Assert.NotEqual(_sim.BaseUri.Port, _sim.RawBaseUri.Port);
        Assert.All(_sim.Routes, r =>
            Assert.Equal(RawPaths.Contains(r.Path) ? _sim.RawBaseUri.Port : _sim.BaseUri.Port, r.Url.Port));
        Assert.Equal(new Uri(_sim.BaseUri, "/weather/nyc.html?x=1"), _sim.Url("/weather/nyc.html?x=1"));
        Assert.Equal(new Uri(_sim.RawBaseUri, "/protocol/reset"), _sim.Url("protocol/reset"));
        Assert.Equal($"http://127.0.0.1:{_sim.BaseUri.Port}/", _sim.BaseUri.AbsoluteUri);
    }

    [Theory]
    [InlineData("/slow/never", "deadline")]
    [InlineData("/slow/header-trickle", "deadline")]
    [InlineData("/slow/body-trickle", "stalled")]
    [InlineData("/size/endless-chunked", "too_large")]
    [InlineData("/size/huge-content-length", "too_large")]
    [InlineData("/size/huge-close-delimited", "too_large")]
    [InlineData("/size/many-headers", "too_large")]
    [InlineData("/size/huge-header-line", "too_large")]
    [InlineData("/compression/gzip-bomb", "decompression_limit")]
    [InlineData("/compression/brotli-bomb", "decompression_limit")]
    [InlineData("/compression/deflate-bomb", "decompression_limit")]
    [InlineData("/protocol/lying-length", "protocol")]
    [InlineData("/protocol/reset", "reset")]
    [InlineData("/protocol/ssh-banner", "protocol")]
    [InlineData("/redirect/loop-a", "redirect_loop")]
    [InlineData("/redirect/self", "redirect_loop")]
    [InlineData("/redirect/chain-20", "too_many_redirects")]
    [InlineData("/redirect/chain-3", "ok")]
    [InlineData("/redirect/to-metadata", "blocked")]
    [InlineData("/redirect/to-decimal-ip", "blocked")]
    [InlineData("/status/503", "http_status")]
    [InlineData("/content/png", "not_text")]
    [InlineData("/content/invalid-utf8", "ok")]
    [InlineData("/content/terminal-escapes", "ok")]
    [InlineData("/weather/nyc.json", "ok")]
    [InlineData("/good/slow", "ok")]
    public void Routes_Scenario_ExpectsTheOutcomeDefaultLimitsGive(string path, string outcome) =>
        Assert.Equal(outcome, Assert.Single(_sim.Routes, r => r.Path == path).ExpectedOutcome);

    [Fact]
    public async Task Index_ListsEveryRoute()
    {
        using var client = SimulatorHarness.Client();
        var html = await client.GetStringAsync(_sim.BaseUri, TestContext.Current.CancellationToken);
        Assert.All(_sim.Routes, r => Assert.Contains(r.Url.AbsoluteUri, html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownPath_BothServers_Answer404()
    {
        using var client = SimulatorHarness.Client();
        using var kestrel = await client.GetAsync(_sim.Url("/no/such/route"), TestContext.Current.CancellationToken);
        using var raw = await client.GetAsync(new Uri(_sim.RawBaseUri, "/no/such/route"), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, kestrel.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, raw.StatusCode);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_Throws() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            HostileSimulator.StartAsync(new SimulatorOptions { TrickleInterval = TimeSpan.Zero }, TestContext.Current.CancellationToken));
}
