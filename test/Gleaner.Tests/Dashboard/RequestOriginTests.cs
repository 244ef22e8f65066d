using System.Net;
using static Gleaner.Tests.Dashboard.DashboardHarness;

namespace Gleaner.Tests.Dashboard;

/// <summary>
/// Another site's page cannot read the dashboard: not by DNS rebinding (a Host that is not loopback, when there is no
/// token) and not by asking from the browser (Sec-Fetch-Site cross-site or same-site), but for a person following a link.
/// </summary>
public sealed class RequestOriginTests : IAsyncLifetime
{
    private const string Token = "0123456789abcdef-token";

    private DashboardHarness _open = null!;
    private DashboardHarness _withToken = null!;

    public async ValueTask InitializeAsync()
    {
        _open = await StartAsync(OverviewStore.FillAsync);
        _withToken = await StartAsync(OverviewStore.FillAsync, options => options with { Token = Token });
    }

    public async ValueTask DisposeAsync()
    {
        await _open.DisposeAsync();
        await _withToken.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:5080")]
    [InlineData("127.0.0.1.evil.example")]
    [InlineData("10.0.0.7")]
    public async Task NoToken_HostThatIsNotLoopback_Is421(string host)
    {
        using var response = await SendAsync(_open, "/api/targets", r => r.Headers.Host = host);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.Equal("421: this dashboard answers to 127.0.0.1, localhost and [::1] only; give it --token-env to serve other names\n",
            await response.Content.ReadAsStringAsync(Ct));
        ResponseGuardTests.AssertGuarded(response);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost:5080")]
    [InlineData("LOCALHOST")]
    [InlineData("[::1]:5080")]
    [InlineData("127.0.0.2")]
    public async Task NoToken_LoopbackHost_IsServed(string host)
    {
        using var response = await SendAsync(_open, "/api/targets", r => r.Headers.Host = host);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WithToken_AnyHostName_IsLeftToTheToken()
    {
        using var without = await SendAsync(_withToken, "/api/targets", r => r.Headers.Host = "dashboard.example");
        using var with = await SendAsync(_withToken, "/api/targets", r =>
        {
            r.Headers.Host = "dashboard.example";
            r.Headers.Authorization = new("Bearer", Token);
        });

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (without.StatusCode, with.StatusCode));
    }

    [Theory]
    [InlineData("/api/targets", "cross-site", "cors")]
    [InlineData("/api/stream", "cross-site", "cors")]
    [InlineData("/api/targets/nyc/samples", "same-site", "no-cors")]
    [InlineData("/metrics", "cross-site", "navigate")]
    [InlineData("/", "cross-site", "no-cors")]
    public async Task AnotherSitesPage_AskingFromTheBrowser_Is403(string path, string site, string mode)
    {
        foreach (var dashboard in new[] { _open, _withToken })
        {
            using var response = await SendAsync(dashboard, path, r =>
            {
                r.Headers.Add("Sec-Fetch-Site", site);
                r.Headers.Add("Sec-Fetch-Mode", mode);
                r.Headers.Authorization = new("Bearer", Token);
            });

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("403: another site's page may not read this dashboard\n", await response.Content.ReadAsStringAsync(Ct));
        }
    }

    [Theory]
    [InlineData("/", "cross-site", "navigate")]
    [InlineData("/target?name=nyc", "cross-site", "navigate")]
    [InlineData("/api/targets", "same-origin", "cors")]
    [InlineData("/api/targets", "none", "navigate")]
    public async Task LinkFollowedOrTheDashboardsOwnRequest_IsServed(string path, string site, string mode)
    {
        using var response = await SendAsync(_open, path, r =>
        {
            r.Headers.Add("Sec-Fetch-Site", site);
            r.Headers.Add("Sec-Fetch-Mode", mode);
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(DashboardHarness dashboard, string path, Action<HttpRequestMessage> configure)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        configure(request);
        return await dashboard.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
    }
}
