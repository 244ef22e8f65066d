using System.Collections.Concurrent;
using Gleaner.Fetching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Fetching;

/// <summary>
/// Conditional GET: the validators of an earlier response go back as If-None-Match and If-Modified-Since, exactly as
/// received and only to the URL they belong to, and a 304 to such a request is an unchanged page, not a failure.
/// </summary>
public sealed class ConditionalFetchTests : IAsyncLifetime
{
    private const string LastModified = "Tue, 01 Dec 2026 10:00:00 GMT";
    private const string Page = "<p>42</p>";

    // What the server saw: path, If-None-Match, If-Modified-Since (null when absent).
    private readonly ConcurrentQueue<(string Path, string? IfNoneMatch, string? IfModifiedSince)> _requests = new();
    private readonly Fetcher _fetcher = new();
    private LoopbackServer _server = null!;
    private volatile string _etag = "\"v1\"";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await LoopbackServer.StartAsync(routes =>
    {
        // A page whose ETag the test changes; it answers a matching If-None-Match with 304, as servers do.
        routes.MapGet("/page", (HttpContext http) =>
        {
            Record(http);
            http.Response.Headers.ETag = _etag;
            http.Response.Headers.LastModified = LastModified;
            return http.Request.Headers.IfNoneMatch == _etag
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Content(Page, "text/html");
        });
        // A 304 whatever was asked, and with no validators of its own.
        routes.MapGet("/always-304", (HttpContext http) =>
        {
            Record(http);
            return Results.StatusCode(StatusCodes.Status304NotModified);
        });
        routes.MapGet("/moved", (HttpContext http) =>
        {
            Record(http);
            return Results.Redirect("/page");
        });
        routes.MapGet("/moved-to-304", (HttpContext http) =>
        {
            Record(http);
            return Results.Redirect("/always-304");
        });
    });

    public async ValueTask DisposeAsync()
    {
        _fetcher.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task FetchAsync_WithValidators_SendsThemExactlyAsReceived()
    {
        // A weak tag and an odd but valid date spelling: both go back byte for byte, not reparsed.
        var validators = new Validators("W/\"a b\"", "Tuesday, 01-Dec-26 10:00:00 GMT");

        await FetchAsync("/page", validators);

        Assert.Equal([("/page", "W/\"a b\"", "Tuesday, 01-Dec-26 10:00:00 GMT")], _requests);
    }

    [Fact]
    public async Task FetchAsync_WithoutValidators_SendsNoConditionalHeaders()
    {
        await FetchAsync("/page", conditional: null);

        Assert.Equal([("/page", (string?)null, (string?)null)], _requests);
    }

    [Fact]
    public async Task FetchAsync_OnlyAnETag_SendsOnlyIfNoneMatch()
    {
        await FetchAsync("/page", new Validators("\"v0\"", null));

        Assert.Equal([("/page", "\"v0\"", (string?)null)], _requests);
    }

    [Fact]
    public async Task FetchAsync_200_ReturnsTheResponsesValidators()
    {
        var result = await FetchAsync("/page", conditional: null);

        Assert.Equal((Outcome.Ok, 200, false, Page), (result.Outcome, result.Status, result.NotModified, result.Body));
        Assert.Equal(new Validators("\"v1\"", LastModified), result.Validators);
    }

    [Fact]
    public async Task FetchAsync_304ToAConditionalRequest_IsOkAndNotModifiedWithoutABody()
    {
        var first = await FetchAsync("/page", conditional: null);

        var again = await FetchAsync("/page", first.Validators);

        Assert.Equal((Outcome.Ok, 304, true), (again.Outcome, again.Status, again.NotModified));
        Assert.Null(again.Error);
        Assert.Null(again.Body);
        Assert.Equal((0L, 0L, TimeSpan.Zero), (again.WireBytes, again.DecodedBytes, again.Timings.Body));
        Assert.Null(again.Charset);
        Assert.Equal(new Validators("\"v1\"", LastModified), again.Validators);
    }

    [Fact]
    public async Task FetchPreparedAsync_304_GivesNothingToExtract()
    {
        var calls = 0;
        var validators = new Validators("\"v1\"", null);

        var (result, prepared) = await _fetcher.FetchPreparedAsync(new FetchRequest { Url = _server.Url("/page") }, _ =>
        {
            calls++;
            return "prepared";
        }, redirectCheck: null, validators, Ct);

        Assert.Equal((Outcome.Ok, true, 0), (result.Outcome, result.NotModified, calls));
        Assert.Null(prepared);
    }

    [Fact]
    public async Task FetchAsync_ETagChanged_Returns200WithTheNewValidators()
    {
        var first = await FetchAsync("/page", conditional: null);
        _etag = "\"v2\"";

        var again = await FetchAsync("/page", first.Validators);

        Assert.Equal((Outcome.Ok, 200, false, Page), (again.Outcome, again.Status, again.NotModified, again.Body));
        Assert.Equal(new Validators("\"v2\"", LastModified), again.Validators);
    }

    [Fact]
    public async Task FetchAsync_304WithoutItsValidators_KeepsTheOnesSent()
    {
        var result = await FetchAsync("/always-304", new Validators("\"v1\"", LastModified));

        Assert.Equal((Outcome.Ok, true), (result.Outcome, result.NotModified));
        Assert.Equal(new Validators("\"v1\"", LastModified), result.Validators);
    }

    [Fact]
    public async Task FetchAsync_304ToAnUnconditionalRequest_IsHttpStatus()
    {
        var result = await FetchAsync("/always-304", conditional: null);

        Assert.Equal((Outcome.HttpStatus, "HTTP 304 Not Modified", 304, false), (result.Outcome, result.Error, result.Status, result.NotModified));
    }

    [Fact]
    public async Task FetchAsync_Redirect_SendsTheValidatorsToTheNamedUrlOnly()
    {
        var result = await FetchAsync("/moved", new Validators("\"v1\"", LastModified));

        Assert.Equal(
            [("/moved", "\"v1\"", LastModified), ("/page", (string?)null, (string?)null)],
            _requests);
        Assert.Equal((Outcome.Ok, 200, false, Page), (result.Outcome, result.Status, result.NotModified, result.Body));
    }

    [Fact]
    public async Task FetchAsync_304AfterARedirect_IsHttpStatus()
    {
        var result = await FetchAsync("/moved-to-304", new Validators("\"v1\"", LastModified));

        Assert.Equal((Outcome.HttpStatus, 304, false), (result.Outcome, result.Status, result.NotModified));
        Assert.Equal(["/moved-to-304", "/always-304"], _requests.Select(r => r.Path));
    }

    [Theory]
    [InlineData("\"v1\"\r\nX-Injected: 1")]
    [InlineData("\"v1\"\n")]
    [InlineData("\"v\u00e9\"")]
    [InlineData("\"v1\"\u0000")]
    [InlineData(" \"v1\"")]
    [InlineData("")]
    public async Task FetchAsync_ValidatorAHeaderCannotCarry_IsDroppedNotSent(string etag)
    {
        var result = await FetchAsync("/page", new Validators(etag, LastModified));

        Assert.Equal([("/page", (string?)null, LastModified)], _requests);
        Assert.Equal(Outcome.Ok, result.Outcome);
    }

    [Fact]
    public async Task FetchAsync_NoValidatorAHeaderCanCarry_IsUnconditionalAnd304IsHttpStatus()
    {
        var result = await FetchAsync("/always-304", new Validators("\"v1\"\r\n", "\r\nX-Injected: 1"));

        Assert.Equal([("/always-304", (string?)null, (string?)null)], _requests);
        Assert.Equal((Outcome.HttpStatus, false), (result.Outcome, result.NotModified));
    }

    private Task<FetchResult> FetchAsync(string path, Validators? conditional) =>
        _fetcher.FetchAsync(new FetchRequest { Url = _server.Url(path) }, redirectCheck: null, truncateAtCap: false, conditional, Ct);

    private void Record(HttpContext http)
    {
        var headers = http.Request.Headers;
        _requests.Enqueue((http.Request.Path.Value!,
            headers.TryGetValue("If-None-Match", out var etag) ? etag.ToString() : null,
            headers.TryGetValue("If-Modified-Since", out var since) ? since.ToString() : null));
    }
}
