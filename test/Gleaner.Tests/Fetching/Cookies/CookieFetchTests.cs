using System.Collections.Concurrent;
using System.Net;
using Gleaner.Engine;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Fetching.Cookies;
using Gleaner.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Fetching.Cookies;

/// <summary>
/// Cookies on the wire: what a jar sends and keeps across the requests of a fetch and between fetches, against a
/// Kestrel server whose host names (a.test, www.a.test, api.a.test, b.test) all resolve to loopback. Each case
/// checks the Cookie fields the server received, request by request.
/// </summary>
public sealed class CookieFetchTests : IAsyncLifetime
{
    private const string Session = "s-7f3a-secret-c81e";

    private static readonly FetchLimits Limits = new() { AllowPrivate = true };

    private readonly ConcurrentQueue<Seen> _seen = new();
    private readonly Fetcher _fetcher = new(new FetcherOptions { Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Loopback }) });
    private LoopbackServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await LoopbackServer.StartAsync(routes =>
    {
        routes.MapGet("/echo", (HttpContext http) => Record(http, Results.Text("ok")));
        routes.MapGet("/login", (HttpContext http) => Record(http, Results.Text("welcome"), $"session={Session}; Path=/; HttpOnly"));
        routes.MapGet("/account", (HttpContext http) => Record(http,
            http.Request.Cookies["session"] == Session ? Results.Content("<p>42</p>", "text/html") : Results.Text("log in first", statusCode: 401)));
        routes.MapGet("/login-then-account", (HttpContext http) => Record(http, Results.Redirect("/account"), $"session={Session}; Path=/"));
        routes.MapGet("/to-b", (HttpContext http) => Record(http, Results.Redirect(On("b.test", "/echo").ToString()), "mine=1"));
        routes.MapGet("/set-wide", (HttpContext http) => Record(http, Results.Text("ok"),
            "wide=1; Domain=a.test", "other=1; Domain=b.test", "suffix=1; Domain=test"));
        routes.MapGet("/set-secure", (HttpContext http) => Record(http, Results.Text("ok"), "sec=1; Secure", "plain=1"));
        routes.MapGet("/fail", (HttpContext http) => Record(http, Results.Text("down", statusCode: 503), "err=1"));
    });

    public async ValueTask DisposeAsync()
    {
        _fetcher.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task FetchAsync_LoginThenPage_SendsTheSessionTheLoginSet()
    {
        var jar = new CookieJar();

        var login = await FetchAsync(On("a.test", "/login"), jar);
        var page = await FetchAsync(On("a.test", "/account"), jar);

        Assert.Equal((Outcome.Ok, Outcome.Ok, "<p>42</p>"), (login.Outcome, page.Outcome, page.Body));
        Assert.Equal(["a.test/login: ", $"a.test/account: session={Session}"], Cookies());
    }

    [Fact]
    public async Task FetchAsync_RedirectSetsACookie_TheNextHopSendsIt()
    {
        var result = await FetchAsync(On("a.test", "/login-then-account"), new CookieJar());

        Assert.Equal((Outcome.Ok, "<p>42</p>"), (result.Outcome, result.Body));
        Assert.Equal(["a.test/login-then-account: ", $"a.test/account: session={Session}"], Cookies());
    }

    [Fact]
    public async Task FetchAsync_RedirectToAnotherSite_TheCookieStaysWithItsHost()
    {
        var jar = new CookieJar();

        await FetchAsync(On("a.test", "/to-b"), jar);
        await FetchAsync(On("a.test", "/echo"), jar);

        Assert.Equal(["a.test/to-b: ", "b.test/echo: ", "a.test/echo: mine=1"], Cookies());
    }

    [Fact]
    public async Task FetchAsync_DomainCookie_GoesToTheSitesHosts_AnotherDomainOrAPublicSuffixIsRefused()
    {
        var jar = new CookieJar();

        await FetchAsync(On("www.a.test", "/set-wide"), jar);
        await FetchAsync(On("api.a.test", "/echo"), jar);
        await FetchAsync(On("b.test", "/echo"), jar);
        await FetchAsync(On("c.test", "/echo"), jar);

        Assert.Equal(["www.a.test/set-wide: ", "api.a.test/echo: wide=1", "b.test/echo: ", "c.test/echo: "], Cookies());
        Assert.Equal(1, jar.Count);
    }

    [Fact]
    public async Task FetchAsync_SecureCookieOverHttp_IsNeitherKeptNorSent()
    {
        var jar = new CookieJar();

        await FetchAsync(On("a.test", "/set-secure"), jar);
        await FetchAsync(On("a.test", "/echo"), jar);

        Assert.Equal(["a.test/set-secure: ", "a.test/echo: plain=1"], Cookies());
    }

    [Fact]
    public async Task FetchAsync_ErrorResponse_ItsCookiesAreKept()
    {
        var jar = new CookieJar();

        var failed = await FetchAsync(On("a.test", "/fail"), jar);
        await FetchAsync(On("a.test", "/echo"), jar);

        Assert.Equal(Outcome.HttpStatus, failed.Outcome);
        Assert.Equal(["a.test/fail: ", "a.test/echo: err=1"], Cookies());
    }

    [Fact]
    public async Task FetchAsync_WithoutAJar_SendsNoCookie()
    {
        var result = await FetchAsync(On("a.test", "/login-then-account"), cookies: null);
        var target = await new TargetRunner(_fetcher).RunAsync(PageTarget(On("a.test", "/login-then-account")), Ct);

        Assert.Equal((Outcome.HttpStatus, 401), (result.Outcome, result.Status));
        Assert.Equal(Outcome.HttpStatus, target.Outcome);
        Assert.All(_seen, s => Assert.Empty(s.Cookie));
        Assert.Equal(4, _seen.Count);
    }

    [Fact]
    public async Task FetchAsync_TargetsCookieHeaderAndTheJar_GoInOneFieldTheHeaderFirst()
    {
        var jar = new CookieJar();
        await FetchAsync(On("a.test", "/login"), jar);

        await _fetcher.FetchAsync(new FetchRequest
        {
            Url = On("a.test", "/echo"), Limits = Limits, Cookies = jar, Headers = [new RequestHeader("Cookie", "pref=metric")],
        }, Ct);

        var seen = _seen.Last();
        Assert.Equal([$"pref=metric; session={Session}"], seen.Cookie);
    }

    [Fact]
    public async Task TargetRunner_TargetKeepsCookies_LogsInThroughTheRedirect()
    {
        var result = await new TargetRunner(_fetcher).RunAsync(PageTarget(On("a.test", "/login-then-account")) with { Cookies = true }, Ct);

        Assert.Equal((Outcome.Ok, "42"), (result.Outcome, result.RawValue));
    }

    [Fact]
    public async Task RunEngine_TargetsKeepingCookies_EachHasAJarOfItsOwn()
    {
        var engine = new RunEngine(_fetcher, new RunSettings { RespectRobots = false, Retries = 0 });
        Target[] targets =
        [
            PageTarget(On("a.test", "/login-then-account")) with { Name = "kept", Cookies = true },
            PageTarget(On("a.test", "/account")) with { Name = "own jar", Cookies = true },
        ];

        var records = new List<Records.RunRecord>();
        await foreach (var record in engine.RunAsync(targets, null, Ct))
        {
            records.Add(record);
        }

        // The second target never logged in: the first one's session is not in its jar, whichever ran first.
        Assert.Equal([("kept", Outcome.Ok), ("own jar", Outcome.HttpStatus)],
            records.Select(r => (r.Result.Target.Name, r.Result.Outcome)).OrderBy(r => r.Name, StringComparer.Ordinal));
    }

    private static Target PageTarget(Uri url) => new()
    {
        Name = url.ToString(), Url = url, Limits = Limits, Extract = ExtractionChain.Of(new RegexStep(@"(\d+)")),
    };

    private Task<FetchResult> FetchAsync(Uri url, CookieJar? cookies) =>
        _fetcher.FetchAsync(new FetchRequest { Url = url, Limits = Limits, Cookies = cookies }, Ct);

    // Each request as "host/path: the Cookie fields it carried".
    private IEnumerable<string> Cookies() => _seen.Select(s => $"{s.Where}: {string.Join(" | ", s.Cookie)}");

    private Uri On(string host, string path) => new UriBuilder(_server.Url(path)) { Host = host }.Uri;

    private IResult Record(HttpContext http, IResult result, params string[] setCookies)
    {
        _seen.Enqueue(new Seen($"{http.Request.Host.Host}{http.Request.Path}", [.. http.Request.Headers.Cookie.Select(v => v ?? "")]));
        foreach (var field in setCookies)
        {
            http.Response.Headers.Append("Set-Cookie", field);
        }

        return result;
    }

    private sealed record Seen(string Where, string[] Cookie);
}
