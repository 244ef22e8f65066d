using System.Net;
using Gleaner.Simulator;

namespace Gleaner.Tests.Simulator;

public class RedirectRoutesTests(FastSimulatorFixture fixture) : IClassFixture<FastSimulatorFixture>
{
    private readonly HostileSimulator _sim = fixture.Simulator;

    private async Task<(HttpStatusCode Status, string? Location)> HopAsync(Uri url)
    {
        using var client = SimulatorHarness.Client();
        using var response = await client.GetAsync(url);
        return (response.StatusCode, response.Headers.Location?.OriginalString);
    }

    /// <summary>Follows redirects by hand, at most <paramref name="max"/>, and returns every URL visited.</summary>
    private async Task<List<Uri>> FollowAsync(string path, int max)
    {
        var visited = new List<Uri> { _sim.Url(path) };
        for (var hop = 0; hop < max; hop++)
        {
            var (status, location) = await HopAsync(visited[^1]);
            if ((int)status is < 300 or >= 400)
                break;
            visited.Add(new Uri(visited[^1], location));
        }
        return visited;
    }

    [Fact]
    public async Task Loop_AGoesToBAndBackToA()
    {
        var visited = await FollowAsync("/redirect/loop-a", 2);
        Assert.Equal(["/redirect/loop-a", "/redirect/loop-b", "/redirect/loop-a"], visited.Select(u => u.AbsolutePath));
    }

    [Fact]
    public async Task Self_RedirectsToItsOwnAbsoluteUrl()
    {
        var (status, location) = await HopAsync(_sim.Url("/redirect/self"));
        Assert.Equal(HttpStatusCode.Found, status);
        Assert.Equal(_sim.Url("/redirect/self").AbsoluteUri, location);
    }

    [Fact]
    public async Task Chain20_TakesTwentyRedirectsToReachTheLanding()
    {
        var visited = await FollowAsync("/redirect/chain-20", 30);
        Assert.Equal(21, visited.Count);
        Assert.Equal(20, visited.Distinct().Count() - 1);
        Assert.Equal("/weather/nyc.html", visited[^1].AbsolutePath);
    }

    [Fact]
    public async Task Chain3_EndsAtAWeatherPageOnTheSameOrigin()
    {
        var visited = await FollowAsync("/redirect/chain-3", 10);
        Assert.Equal(4, visited.Count);
        Assert.All(visited, u => Assert.Equal(_sim.BaseUri.Authority, u.Authority));
        using var client = SimulatorHarness.Client();
        Assert.Contains("myforecast-current-lrg", await client.GetStringAsync(visited[^1], TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlockedTargets_PointWhereTheRouteSays()
    {
        var port = _sim.BaseUri.Port;
        var rawPort = _sim.RawBaseUri.Port;
        var expected = new Dictionary<string, string>
        {
            ["/redirect/to-metadata"] = "http://169.254.169.254/latest/meta-data/",
            ["/redirect/to-raw-port"] = $"http://127.0.0.1:{rawPort}/protocol/ssh-banner",
            ["/redirect/to-localhost"] = $"http://localhost:{port}/weather/nyc.html",
            ["/redirect/to-ipv6-loopback"] = $"http://[::1]:{port}/weather/nyc.html",
            ["/redirect/to-decimal-ip"] = $"http://2130706433:{rawPort}/protocol/ssh-banner",
            ["/redirect/to-file"] = "file:///etc/passwd",
            ["/redirect/to-gopher"] = $"gopher://127.0.0.1:{port}/_GET%20/weather/nyc.html",
        };
        foreach (var (path, location) in expected)
        {
            var (status, actual) = await HopAsync(_sim.Url(path));
            Assert.Equal(HttpStatusCode.Found, status);
            Assert.Equal(location, actual);
            Assert.Equal("blocked", _sim.Routes.Single(r => r.Path == path).ExpectedOutcome);
        }
        Assert.Equal(expected.Keys.Order(), _sim.Routes.Where(r => r.ExpectedOutcome == "blocked").Select(r => r.Path).Order());
    }
}
