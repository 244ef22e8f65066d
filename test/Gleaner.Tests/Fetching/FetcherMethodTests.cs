using System.Collections.Concurrent;
using System.Text;
using Gleaner.Fetching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Fetching;

/// <summary>
/// A target's method and body on the wire: what each hop sends (method, Content-Type, Content-Length, body) as a
/// real server receives it, and how a redirect changes it, as browsers and curl -L do.
/// </summary>
public sealed class FetcherMethodTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ConcurrentQueue<string> _received = new();
    private LoopbackServer _server = null!;
    private LoopbackServer _other = null!;

    public async ValueTask InitializeAsync()
    {
        _other = await LoopbackServer.StartAsync(app => app.Map("/{**path}", RecordAsync));
        _server = await LoopbackServer.StartAsync(app =>
        {
            app.Map("/to/{code:int}/{**path}", async (HttpRequest request, int code, string path) =>
            {
                await RecordAsync(request);
                return new RedirectTo(code, "/" + path);
            });
            app.Map("/away/{code:int}", async (HttpRequest request, int code) =>
            {
                await RecordAsync(request);
                return new RedirectTo(code, _other.Url("/away").ToString());
            });
            // Post/Redirect/Get: the form's answer is the same URL, asked again with a GET.
            app.MapPost("/self", async (HttpRequest request) =>
            {
                await RecordAsync(request);
                return new RedirectTo(303, "/self");
            });
            app.Map("/{**path}", RecordAsync);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _other.DisposeAsync();
    }

    [Fact]
    public async Task FetchAsync_PostWithBody_SendsMethodContentTypeLengthAndBytes()
    {
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(Post(_server.Url("/graphql"), Json("""{"query":"{ temp }"}""")), Ct);

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Equal(["POST /graphql application/json 20 {\"query\":\"{ temp }\"}"], _received);
    }

    [Fact]
    public async Task FetchAsync_ContentTypeHeaderWithABody_ReplacesTheBodysMediaType()
    {
        using var fetcher = new Fetcher();
        var request = Post(_server.Url("/q"), RequestBody.Text("a=1", "application/x-www-form-urlencoded")) with
        {
            Headers = [new RequestHeader("Content-Type", "application/graphql")],
        };

        var result = await fetcher.FetchAsync(request, Ct);

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Equal(["POST /q application/graphql 3 a=1"], _received);
    }

    [Theory]
    [InlineData(303, "GET /back - - ")]
    [InlineData(302, "GET /back - - ")]
    [InlineData(301, "GET /back - - ")]
    [InlineData(307, "POST /back application/json 7 {\"a\":1}")]
    [InlineData(308, "POST /back application/json 7 {\"a\":1}")]
    public async Task FetchAsync_PostRedirected_FollowsAsBrowsersAndCurlDo(int code, string second)
    {
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(Post(_server.Url($"/to/{code}/back"), Json("""{"a":1}""")), Ct);

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Equal([$"POST /to/{code}/back application/json 7 {{\"a\":1}}", second], _received);
    }

    [Fact]
    public async Task FetchAsync_PutRedirectedBy302_StaysAPutWithItsBody()
    {
        using var fetcher = new Fetcher();
        var request = Post(_server.Url("/to/302/back"), RequestBody.Text("x", "text/plain")) with { Method = HttpMethod.Put };

        var result = await fetcher.FetchAsync(request, Ct);

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Equal(["PUT /to/302/back text/plain 1 x", "PUT /back text/plain 1 x"], _received);
    }

    [Fact]
    public async Task FetchAsync_PostAnsweredBy303ToItsOwnUrl_IsNoLoop()
    {
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(Post(_server.Url("/self"), Json("{}")), Ct);

        Assert.Equal((Outcome.Ok, 1), (result.Outcome, result.Redirects.Count));
        Assert.Equal(["POST /self application/json 2 {}", "GET /self - - "], _received);
    }

    [Fact]
    public async Task FetchAsync_SecretBodyRedirectedBy307ToAnotherOrigin_IsNotSent()
    {
        using var fetcher = new Fetcher();
        var request = Post(_server.Url("/away/307"), new RequestBody(Encoding.UTF8.GetBytes("token=s3cret"), "text/plain") { Secret = true }) with
        {
            Limits = new FetchLimits { AllowPrivate = true },
        };

        var result = await fetcher.FetchAsync(request, Ct);

        Assert.Equal(Outcome.Blocked, result.Outcome);
        Assert.Equal($"redirect to {_other.Url("/away")} is not followed: it would send the POST body, which holds a secret, to another origin", result.Error);
        Assert.Single(_received);
    }

    [Fact]
    public async Task FetchAsync_PlainBodyRedirectedBy307ToAnotherOrigin_IsSentThere()
    {
        using var fetcher = new Fetcher();
        var request = Post(_server.Url("/away/308"), RequestBody.Text("q=1", "text/plain")) with { Limits = new FetchLimits { AllowPrivate = true } };

        var result = await fetcher.FetchAsync(request, Ct);

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Equal(["POST /away/308 text/plain 3 q=1", "POST /away text/plain 3 q=1"], _received);
    }

    [Fact]
    public async Task FetchAsync_BodyOnAGet_IsMisuse()
    {
        using var fetcher = new Fetcher();
        var request = new FetchRequest { Url = _server.Url("/x"), Body = RequestBody.Text("x", "text/plain") };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => fetcher.FetchAsync(request, Ct));

        Assert.Equal("a GET sends no body; send it with one of POST, PUT, PATCH (Parameter 'request')", e.Message);
        Assert.Empty(_received);
    }

    [Fact]
    public async Task FetchAsync_ContentTypeHeaderWithoutABody_IsMisuse()
    {
        using var fetcher = new Fetcher();
        var request = new FetchRequest { Url = _server.Url("/x"), Headers = [new RequestHeader("Content-Type", "text/plain")] };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => fetcher.FetchAsync(request, Ct));

        Assert.Equal("the Content-Type header describes a request body, and this request sends none (Parameter 'request')", e.Message);
    }

    private static FetchRequest Post(Uri url, RequestBody body) => new() { Url = url, Method = HttpMethod.Post, Body = body };

    private static RequestBody Json(string json) => RequestBody.Text(json, "application/json");

    private async Task<IResult> RecordAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(Ct);
        _received.Enqueue($"{request.Method} {request.Path} {request.ContentType ?? "-"} {request.ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {body}");
        return Results.Text("v 1");
    }

    private sealed class RedirectTo(int code, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = code;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
