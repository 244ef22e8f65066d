using System.Net;
using static Gleaner.Tests.Dashboard.DashboardHarness;

namespace Gleaner.Tests.Dashboard;

/// <summary>With a token set, every path needs it: as a Bearer header, or as the cookie a <c>?token=</c> visit sets.</summary>
public sealed class AccessTokenTests : IAsyncLifetime
{
    // Characters a cookie value cannot hold as they are: the cookie must carry the token back unchanged.
    private const string Token = "s3cret+token/with=;chars";

    private DashboardHarness _dashboard = null!;

    public async ValueTask InitializeAsync() =>
        _dashboard = await StartAsync(OverviewStore.FillAsync, options => options with { Token = Token });

    public ValueTask DisposeAsync() => _dashboard.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Paths() => ["/", "/target?name=nyc", "/api/targets", "/api/targets/nyc", "/api/events", "/api/stream", "/metrics"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task NoToken_Is401_WithTheGuardHeaders(string path)
    {
        using var response = await SendAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(
            "401: this dashboard needs its access token: Authorization: Bearer TOKEN, or open it once with ?token=TOKEN\n",
            await response.Content.ReadAsStringAsync(Ct));
        ResponseGuardTests.AssertGuarded(response);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task BearerToken_IsServed(string path)
    {
        using var response = await SendAsync(path, r => r.Headers.Authorization = new("Bearer", Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/targets?token=TOKEN", "/api/targets")]
    [InlineData("/api/targets?q=ny&token=TOKEN&limit=1", "/api/targets?q=ny&limit=1")]
    [InlineData("/target?name=boston%2Fharbor&token=TOKEN", "/target?name=boston%2Fharbor")]
    public async Task QueryToken_RedirectsWithoutIt_AndSetsAnHttpOnlyLaxCookieThatThenWorks(string path, string location)
    {
        using var redirect = await SendAsync(path.Replace("TOKEN", Uri.EscapeDataString(Token), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.SeeOther, redirect.StatusCode);
        Assert.Equal(location, redirect.Headers.Location?.OriginalString);
        var cookie = Assert.Single(redirect.Headers.GetValues("Set-Cookie"));
        // A keyed digest of the token, never the token: the browser sends it to every port of the host.
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(Token), "gleaner dashboard cookie"u8));
        Assert.Equal($"gleaner_token={digest}; path=/; samesite=lax; httponly", cookie);
        ResponseGuardTests.AssertGuarded(redirect);

        using var followed = await SendAsync(location, r => r.Headers.Add("Cookie", cookie.Split(';')[0]));
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
    }

    [Fact]
    public async Task QueryToken_OnAPathThatLooksLikeAnotherHost_RedirectsOnThisOne()
    {
        // "//evil.example/" as a Location would send the browser to evil.example.
        var url = new Uri(_dashboard.Server.Url, "/").AbsoluteUri + "/evil.example/?token=" + Uri.EscapeDataString(Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url));
        Assert.Equal("//evil.example/", request.RequestUri!.AbsolutePath);

        using var redirect = await _dashboard.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.SeeOther, redirect.StatusCode);
        Assert.Equal("/evil.example/", redirect.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("cookie")]
    [InlineData("token-as-cookie")]
    [InlineData("query")]
    [InlineData("prefix")]
    [InlineData("longer")]
    public async Task WrongToken_Is401(string how)
    {
        var wrong = how switch
        {
            "prefix" => Token[..^1],
            "longer" => Token + "x",
            _ => "not-the-token-at-all",
        };
        using var response = await SendAsync(how == "query" ? "/api/targets?token=" + Uri.EscapeDataString(wrong) : "/api/targets", r =>
        {
            if (how == "cookie")
            {
                r.Headers.Add("Cookie", "gleaner_token=" + Uri.EscapeDataString(wrong));
            }
            else if (how == "token-as-cookie")
            {
                // The cookie holds a digest of the token; the token itself is not one.
                r.Headers.Add("Cookie", "gleaner_token=" + Uri.EscapeDataString(Token));
            }
            else if (how != "query")
            {
                r.Headers.Authorization = new("Bearer", wrong);
            }
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task TokenInAnotherScheme_Is401()
    {
        using var response = await SendAsync("/api/targets", r => r.Headers.Authorization = new("Basic", Token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string path, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        configure?.Invoke(request);
        return await _dashboard.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
    }
}
