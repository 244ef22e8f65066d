using System.Net;
using System.Net.Sockets;
using System.Text;
using Gleaner.Dashboard.Security;
using static Gleaner.Tests.Dashboard.DashboardHarness;

namespace Gleaner.Tests.Dashboard;

/// <summary>What every answer says about itself, and what the server refuses before any endpoint runs.</summary>
public sealed class ResponseGuardTests : IAsyncLifetime
{
    private DashboardHarness _dashboard = null!;

    public async ValueTask InitializeAsync() => _dashboard = await StartAsync(OverviewStore.FillAsync);

    public ValueTask DisposeAsync() => _dashboard.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/target?name=nyc", HttpStatusCode.OK)]
    [InlineData("/api/targets", HttpStatusCode.OK)]
    [InlineData("/api/targets/nyc/samples", HttpStatusCode.OK)]
    [InlineData("/api/targets/nope", HttpStatusCode.NotFound)]
    [InlineData("/api/targets?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/events", HttpStatusCode.OK)]
    [InlineData("/api/stream", HttpStatusCode.OK)]
    [InlineData("/metrics", HttpStatusCode.OK)]
    [InlineData("/assets/nope.js", HttpStatusCode.NotFound)]
    [InlineData("/nope", HttpStatusCode.NotFound)]
    public async Task EveryAnswer_CarriesTheCspNosniffAndNoReferrer(string path, HttpStatusCode? status)
    {
        using var response = await _dashboard.Client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Ct);

        if (status is { } expected)
        {
            Assert.Equal(expected, response.StatusCode);
        }

        AssertGuarded(response);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    public async Task AnyMethodButGet_Is405_AllowGet(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api/targets");
        using var response = await _dashboard.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
        AssertGuarded(response);
    }

    [Fact]
    public async Task RequestWithABody_IsRefusedWith413()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/targets") { Content = new StringContent("{}") };
        using var response = await _dashboard.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task HeadersOver16KiB_AreRefusedWith431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/targets");
        request.Headers.Add("X-Padding", new string('a', 16 * 1024));
        using var response = await _dashboard.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task HeadersJustUnder16KiB_AreServed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/targets?limit=1");
        request.Headers.Add("X-Padding", new string('a', 15 * 1024));
        using var response = await _dashboard.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RequestLineOver4KiB_IsRefusedWith414()
    {
        using var response = await _dashboard.GetAsync("/api/targets?q=" + new string('a', 4 * 1024));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task RawRequestWithABody_IsRefusedWith413_BeforeTheBodyIsRead()
    {
        // What a hand-made client sends: a GET declaring a body larger than nothing.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _dashboard.Server.Url.Port, Ct);
        await socket.SendAsync("GET /api/targets HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"u8.ToArray(), Ct);
        var buffer = new byte[4096];
        var read = await socket.ReceiveAsync(buffer, Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.StartsWith("HTTP/1.1 413 ", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }

    internal static void AssertGuarded(HttpResponseMessage response)
    {
        Assert.Equal(ResponseHeaders.ContentSecurityPolicy, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", string.Join(", ", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join(", ", response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }
}
