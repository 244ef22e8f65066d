using System.Collections.Concurrent;
using System.Net;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Fetching;

/// <summary>
/// A target's headers on the wire: on every request of its fetch, replacing Gleaner's User-Agent and Accept, the
/// secret ones only to the origin the user named (a.test here; b.test is another origin on the same server), and
/// never in what the fetch returns. Headers Gleaner owns, bad names and values with a line break are refused.
/// </summary>
public sealed class RequestHeaderTests : IAsyncLifetime
{
    private const string Key = "k-3f9a-secret-7c21";
    private const string Token = "Bearer t-5e0b-secret-99d4";

    private static readonly FetchLimits Limits = new() { AllowPrivate = true };

    // What the server saw: host, path and every header (names as sent, values joined).
    private readonly ConcurrentQueue<Seen> _seen = new();
    private readonly Fetcher _fetcher = new(new FetcherOptions { Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Loopback }) });
    private LoopbackServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RequestHeader[] Headers =>
    [
        new("X-Api-Key", Key) { Secret = true },
        new("Authorization", Token),
        new("X-Client", "weather-watch"),
    ];

    public async ValueTask InitializeAsync() => _server = await LoopbackServer.StartAsync(routes =>
    {
        routes.MapGet("/echo", (HttpContext http) => Record(http, Results.Content("<p>42</p>", "text/html")));
        routes.MapGet("/to-b", (HttpContext http) => Record(http, Results.Redirect(On("b.test", "/echo").ToString())));
        routes.MapGet("/to-b-and-back", (HttpContext http) => Record(http, Results.Redirect(On("b.test", "/back").ToString())));
        routes.MapGet("/back", (HttpContext http) => Record(http, Results.Redirect(On("a.test", "/echo").ToString())));
        routes.MapGet("/to", (HttpContext http) => Record(http, Results.Redirect(http.Request.Query["url"].ToString())));
        routes.MapGet("/private", (HttpContext http) => Record(http, Results.Text($"no: {http.Request.Headers.Authorization}", statusCode: 401)));
        routes.MapGet("/loop", (HttpContext http) => Record(http, Results.Redirect(On("b.test", "/loop-b").ToString())));
        routes.MapGet("/loop-b", (HttpContext http) => Record(http, Results.Redirect(On("a.test", "/loop").ToString())));
    });

    public async ValueTask DisposeAsync()
    {
        _fetcher.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task FetchAsync_WithHeaders_SendsEachOnTheWire()
    {
        var result = await _fetcher.FetchAsync(new FetchRequest { Url = On("a.test", "/echo"), Limits = Limits, Headers = Headers }, Ct);

        Assert.Equal(Outcome.Ok, result.Outcome);
        var seen = Assert.Single(_seen);
        Assert.Equal(Key, seen.Headers["X-Api-Key"]);
        Assert.Equal(Token, seen.Headers["Authorization"]);
        Assert.Equal("weather-watch", seen.Headers["X-Client"]);
        Assert.Equal("gzip, deflate, br", seen.Headers["Accept-Encoding"]);
    }

    [Fact]
    public async Task FetchAsync_WithoutHeaders_SendsGleanersUserAgentAndAccept()
    {
        await _fetcher.FetchAsync(On("a.test", "/echo"), Limits, Ct);

        var seen = Assert.Single(_seen);
        // Gleaner names itself and its version (Directory.Build.props).
        Assert.Equal("Gleaner/0.1.0 (+https://github.com/gleaner/gleaner)", seen.Headers["User-Agent"]);
        Assert.Equal("text/html,application/json,application/xml;q=0.9,text/*;q=0.8,*/*;q=0.5", seen.Headers["Accept"]);
        Assert.False(seen.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task FetchAsync_UserAgentAndAcceptOfTheTarget_ReplaceGleanersOwn()
    {
        RequestHeader[] headers = [new("user-agent", "weather-watch/1.0 (ops@example.org)"), new("Accept", "application/geo+json")];

        await _fetcher.FetchAsync(new FetchRequest { Url = On("a.test", "/echo"), Limits = Limits, Headers = headers }, Ct);

        var seen = Assert.Single(_seen);
        Assert.Equal("weather-watch/1.0 (ops@example.org)", seen.Headers["User-Agent"]);
        Assert.Equal("application/geo+json", seen.Headers["Accept"]);
    }

    [Fact]
    public async Task FetchAsync_SecretUserAgentOffOrigin_GleanersOwnGoesInstead()
    {
        RequestHeader[] headers = [new("User-Agent", "weather-watch/1.0 (key k-1)") { Secret = true }];

        await _fetcher.FetchAsync(new FetchRequest { Url = On("a.test", "/to-b"), Limits = Limits, Headers = headers }, Ct);

        Assert.Equal(["weather-watch/1.0 (key k-1)", new FetcherOptions().UserAgent], _seen.Select(s => s.Headers["User-Agent"]));
    }

    [Fact]
    public async Task FetchAsync_RedirectToAnotherOrigin_DropsSecretsKeepsTheRest()
    {
        var result = await _fetcher.FetchAsync(new FetchRequest { Url = On("a.test", "/to-b"), Limits = Limits, Headers = Headers }, Ct);

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Equal(["a.test/to-b", "b.test/echo"], _seen.Select(s => s.Where));
        var atB = _seen.Last().Headers;
        Assert.False(atB.ContainsKey("X-Api-Key"));
        Assert.False(atB.ContainsKey("Authorization"));
        Assert.Equal("weather-watch", atB["X-Client"]);
    }

    [Fact]
    public async Task FetchAsync_RedirectBackToTheNamedOrigin_SendsSecretsAgain()
    {
        var result = await _fetcher.FetchAsync(new FetchRequest { Url = On("a.test", "/to-b-and-back"), Limits = Limits, Headers = Headers }, Ct);

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Equal(["a.test/to-b-and-back", "b.test/back", "a.test/echo"], _seen.Select(s => s.Where));
        Assert.Equal([true, false, true], _seen.Select(s => s.Headers.ContainsKey("X-Api-Key")));
        Assert.Equal([Token, null, Token], _seen.Select(s => s.Headers.GetValueOrDefault("Authorization")));
        Assert.All(_seen, s => Assert.Equal("weather-watch", s.Headers["X-Client"]));
    }

    [Fact]
    public async Task FetchAsync_RedirectToAnotherPortOfTheSameHost_DropsSecrets()
    {
        await using var other = await LoopbackServer.StartAsync(routes =>
            routes.MapGet("/echo", (HttpContext http) => Record(http, Results.Content("ok", "text/plain"))));
        var there = new UriBuilder(other.Url("/echo")) { Host = "a.test" }.Uri;

        var result = await _fetcher.FetchAsync(new FetchRequest { Url = On("a.test", $"/to?url={Uri.EscapeDataString(there.ToString())}"), Limits = Limits, Headers = Headers }, Ct);

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Equal(["a.test/to", "a.test/echo"], _seen.Select(s => s.Where));
        Assert.Equal([Key, null], _seen.Select(s => s.Headers.GetValueOrDefault("X-Api-Key")));
        Assert.Equal("weather-watch", _seen.Last().Headers["X-Client"]);
    }

    [Fact]
    public async Task FetchAsync_RefusedOrLooping_ErrorHoldsNoSecret()
    {
        var refused = await _fetcher.FetchAsync(new FetchRequest { Url = On("a.test", "/private"), Limits = Limits, Headers = Headers }, Ct);
        var looping = await _fetcher.FetchAsync(new FetchRequest { Url = On("a.test", "/loop"), Limits = Limits, Headers = Headers }, Ct);

        Assert.Equal((Outcome.HttpStatus, "HTTP 401 Unauthorized"), (refused.Outcome, refused.Error));
        Assert.Equal(Outcome.RedirectLoop, looping.Outcome);
        foreach (var result in new[] { refused, looping })
        {
            var shown = $"{result} {result.Exception}";
            Assert.DoesNotContain(Key, shown, StringComparison.Ordinal);
            Assert.DoesNotContain("t-5e0b-secret-99d4", shown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FetchAsync_HeadersGleanerOwns_AreRefusedBeforeAnythingIsSent()
    {
        RequestHeader[] headers = [new("Host", "evil.test"), new("If-None-Match", "\"1\""), new("X-Ok", "1"), new("accept-encoding", "identity")];

        var e = await Assert.ThrowsAsync<ArgumentException>(() => _fetcher.FetchAsync(new FetchRequest { Url = On("a.test", "/echo"), Limits = Limits, Headers = headers }, Ct));

        Assert.Equal(
            "the Host header cannot be set: Gleaner sends the host of the URL it fetches; "
            + "the If-None-Match header cannot be set: conditional requests are Gleaner's; "
            + "the accept-encoding header cannot be set: Gleaner asks only for the encodings it decodes (Parameter 'request')",
            e.Message);
        Assert.Empty(_seen);
    }

    [Fact]
    public void Problems_EveryOwnedField_IsNamed()
    {
        string[] owned =
        [
            "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer",
            "Proxy-Connection", "Proxy-Authorization", "Accept-Encoding", "If-None-Match", "If-Modified-Since",
        ];

        var problems = RequestHeader.Problems(owned.Select(name => new RequestHeader(name, "x")));

        Assert.Equal(owned.Length, problems.Count);
        Assert.All(owned.Zip(problems), p => Assert.StartsWith($"the {p.First} header cannot be set: ", p.Second, StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_ProxyAuthorization_PointsToTheProxyUrl()
    {
        var problem = Assert.Single(RequestHeader.Problems([new RequestHeader("Proxy-Authorization", "Basic czpw")]));

        Assert.Equal(
            "the Proxy-Authorization header cannot be set: a proxy's credentials go in its URL (user:password@, the password as ${NAME}), and only to the proxy",
            problem);
    }

    [Fact]
    public void Problems_BadNamesAndValues_AreSentencesThatNeverQuoteAValue()
    {
        RequestHeader[] headers =
        [
            new("X Api", "1"),
            new("", "1"),
            new("Bad:Name", "1"),
            new("X-Api-Key", $"{Key}\r\nX-Injected: 1"),
            new("X-Nul", $"{Key}\0"),
            new("X-Bell", $"{Key}\u0007"),
            new("X-Accent", "caf\u00e9"),
            new("Content-Type", "application/json"),
            new("X-Fine", "a\tb ~"),
        ];

        var problems = RequestHeader.Problems(headers);

        Assert.Equal(
        [
            "'X Api' is not a header name: a name is letters, digits and !#$%&'*+-.^_`|~ (RFC 9110)",
            "'' is not a header name: a name is letters, digits and !#$%&'*+-.^_`|~ (RFC 9110)",
            "'Bad:Name' is not a header name: a name is letters, digits and !#$%&'*+-.^_`|~ (RFC 9110)",
            "the value of the X-Api-Key header holds a line break or NUL",
            "the value of the X-Nul header holds a line break or NUL",
            "the value of the X-Bell header holds a control character or one outside ASCII",
            "the value of the X-Accent header holds a control character or one outside ASCII",
            "the Content-Type header describes a request body, and this request sends none",
        ], problems);
    }

    [Fact]
    public void Problems_SendableHeaders_AreNone()
    {
        Assert.Empty(RequestHeader.Problems(Headers));
        Assert.Empty(RequestHeader.Problems([new("User-Agent", "weather-watch/1.0"), new("Accept", "*/*"), new("X-Empty", "")]));
    }

    [Fact]
    public async Task FetchAsync_ValueWithLineBreak_IsRefusedWithoutTheValue()
    {
        RequestHeader[] headers = [new("X-Api-Key", $"{Key}\nX-Injected: 1") { Secret = true }];

        var e = await Assert.ThrowsAsync<ArgumentException>(() => _fetcher.FetchAsync(new FetchRequest { Url = On("a.test", "/echo"), Limits = Limits, Headers = headers }, Ct));

        Assert.Equal("the value of the X-Api-Key header holds a line break or NUL (Parameter 'request')", e.Message);
        Assert.Empty(_seen);
    }

    [Fact]
    public async Task TargetRunner_WithoutRules_SendsTheTargetsHeaders()
    {
        var target = new Target { Name = "t", Url = On("a.test", "/to-b-and-back"), Limits = Limits, Headers = Headers };

        var result = await new TargetRunner(_fetcher).RunAsync(target, Ct);

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Equal([Key, null, Key], _seen.Select(s => s.Headers.GetValueOrDefault("X-Api-Key")));
    }

    [Fact]
    public async Task TargetRunner_WithRules_SendsTheTargetsHeaders()
    {
        var target = new Target
        {
            Name = "t", Url = On("a.test", "/echo"), Limits = Limits, Headers = Headers,
            Extract = ExtractionChain.Of(new RegexStep(@"(\d+)")),
        };

        var result = await new TargetRunner(_fetcher).RunAsync(target, Ct);

        Assert.Equal((Outcome.Ok, "42"), (result.Outcome, result.RawValue));
        Assert.Equal(Token, Assert.Single(_seen).Headers["Authorization"]);
    }

    private Uri On(string host, string path) => new UriBuilder(_server.Url(path)) { Host = host }.Uri;

    private IResult Record(HttpContext http, IResult result)
    {
        _seen.Enqueue(new Seen(
            $"{http.Request.Host.Host}{http.Request.Path}",
            http.Request.Headers.ToDictionary(h => h.Key, h => (string?)h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        return result;
    }

    private sealed record Seen(string Where, Dictionary<string, string?> Headers);
}
