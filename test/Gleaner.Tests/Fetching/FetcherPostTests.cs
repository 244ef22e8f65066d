using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Gleaner.Fetching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Fetching;

/// <summary>A POST (what a notification is) keeps every guarantee of a GET, follows no redirect and never shows a secret.</summary>
public class FetcherPostTests
{
    private static readonly byte[] Json = Encoding.UTF8.GetBytes("""{"kind":"change"}""");
    private static readonly KeyValuePair<string, string>[] NoHeaders = [];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostAsync_EndpointAnswers204_SendsTheBodyItsTypeTheHeadersAndTheUserAgent()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/hook", async (HttpContext c) =>
        {
            using var reader = new StreamReader(c.Request.Body);
            seen.Enqueue($"{c.Request.Method} {c.Request.ContentType} {c.Request.Headers["X-Test"]} {c.Request.Headers.UserAgent} {c.Request.Headers.AcceptEncoding.Count} {await reader.ReadToEndAsync()}");
            return Results.NoContent();
        }));
        using var fetcher = new Fetcher();

        var result = await fetcher.PostAsync(server.Url("hook"), Json, "application/json", [new("X-Test", "yes")], FetchLimits.Default, Ct);

        Assert.Equal((Outcome.Ok, 204, null), (result.Outcome, result.Status, result.Error));
        Assert.Equal(["""POST application/json yes Gleaner/0.1.0 (+https://github.com/gleaner/gleaner) 0 {"kind":"change"}"""], seen);
    }

    [Fact]
    public async Task PostAsync_Redirect_IsHttpStatusAndNotFollowed()
    {
        var elsewhere = 0;
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/hook", () => Results.Redirect("/elsewhere", permanent: false, preserveMethod: true));
            app.MapPost("/elsewhere", () => { Interlocked.Increment(ref elsewhere); return Results.Ok(); });
        });
        using var fetcher = new Fetcher();

        var result = await fetcher.PostAsync(server.Url("hook"), Json, "application/json", NoHeaders, FetchLimits.Default, Ct);

        Assert.Equal((Outcome.HttpStatus, 307), (result.Outcome, result.Status));
        Assert.Equal("HTTP 307 Temporary Redirect (a POST does not follow redirects)", result.Error);
        Assert.Empty(result.Redirects);
        Assert.Equal(0, elsewhere);
    }

    [Fact]
    public async Task PostAsync_NamedHostResolvesToLoopback_IsBlockedWithoutAllowPrivate()
    {
        var posts = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/hook", () => { Interlocked.Increment(ref posts); return Results.Ok(); }));
        using var fetcher = new Fetcher(new FetcherOptions { Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Loopback }) });
        var url = new Uri($"http://hooks.example:{server.BaseUri.Port}/hook");

        var blocked = await fetcher.PostAsync(url, Json, "application/json", NoHeaders, FetchLimits.Default, Ct);
        var allowed = await fetcher.PostAsync(url, Json, "application/json", NoHeaders, new FetchLimits { AllowPrivate = true }, Ct);

        Assert.Equal(Outcome.Blocked, blocked.Outcome);
        Assert.Equal("hooks.example is 127.0.0.1 (loopback), which the address policy blocks (name it with allow_private to reach it)", blocked.Error);
        Assert.Equal(Outcome.Ok, allowed.Outcome);
        Assert.Equal(1, posts);
    }

    [Fact]
    public async Task PostAsync_EndpointNeverAnswers_EndsAtTheTotalDeadline()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/hook", async (HttpContext c) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, c.RequestAborted);
        }));
        var time = new FakeTimeProvider();
        using var fetcher = new Fetcher(new FetcherOptions { Time = time });
        var limits = new FetchLimits { TotalTimeout = TimeSpan.FromSeconds(2), HeadersTimeout = TimeSpan.FromSeconds(2) };

        var post = fetcher.PostAsync(server.Url("hook"), Json, "application/json", NoHeaders, limits, Ct);
        await arrived.Task.WaitAsync(Ct);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        var before = post.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await post.WaitAsync(Ct);

        Assert.False(before);
        Assert.Equal((Outcome.Deadline, "no result within the total deadline of 2s"), (result.Outcome, result.Error));
    }

    [Fact]
    public async Task PostAsync_RefusedWithABody_QuotesItsStartEscapedWithEveryHeaderValueRedacted()
    {
        // The endpoint echoes the credentials it was sent, as some APIs do on a 401.
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/hook", (HttpContext c) =>
            Results.Text($"bad token {c.Request.Headers.Authorization} (also s3cr3t alone)\u001b[2J", statusCode: 401)));
        using var fetcher = new Fetcher();

        var result = await fetcher.PostAsync(
            server.Url("hook"), Json, "application/json", [new("Authorization", "Bearer s3cr3t")], FetchLimits.Default, Ct);

        Assert.Equal((Outcome.HttpStatus, 401), (result.Outcome, result.Status));
        Assert.Equal(@"HTTP 401 Unauthorized: bad token [redacted] (also [redacted] alone)\x1b[2J", result.Error);
    }

    [Fact]
    public async Task PostAsync_RefusalLongerThanTheQuote_CutsItAndLeavesNoPartOfASecretAtTheCut()
    {
        const string Token = "0123456789abcdef";
        // The token starts ten bytes before the quote's end: only its first ten characters would be quoted.
        var body = new string('x', 190) + Token + new string('y', 1000);
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/hook", () => Results.Text(body, statusCode: 500)));
        using var fetcher = new Fetcher();

        var result = await fetcher.PostAsync(
            server.Url("hook"), Json, "application/json", [new("Authorization", "Bearer " + Token)], FetchLimits.Default, Ct);

        Assert.Equal($"HTTP 500 Internal Server Error: {new string('x', 190)}…", result.Error);
    }

    [Fact]
    public async Task PostAsync_OkAnswerOverTheWireCap_IsTooLarge()
    {
        var chunk = new string('z', 1024);
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/streams", async (HttpContext c) =>
            {
                for (var i = 0; i < 8; i++)
                {
                    await c.Response.WriteAsync(chunk, c.RequestAborted);
                }
            });
            app.MapPost("/declares", () => Results.Text(new string('z', 8 << 10)));
        });
        using var fetcher = new Fetcher();
        var limits = new FetchLimits { MaxWireBytes = 4 << 10 };

        var streamed = await fetcher.PostAsync(server.Url("streams"), Json, "application/json", NoHeaders, limits, Ct);
        var declared = await fetcher.PostAsync(server.Url("declares"), Json, "application/json", NoHeaders, limits, Ct);

        Assert.Equal((Outcome.TooLarge, "the body is larger than the wire cap of 4KiB"), (streamed.Outcome, streamed.Error));
        Assert.InRange(streamed.WireBytes, 4 << 10, (4 << 10) + 1);
        Assert.Equal((Outcome.TooLarge, "Content-Length 8192 is over the cap of 4KiB", 0L), (declared.Outcome, declared.Error, declared.WireBytes));
    }

    [Fact]
    public async Task PostAsync_HeaderValueWithALineBreak_ThrowsWithoutShowingTheValue()
    {
        using var fetcher = new Fetcher();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => fetcher.PostAsync(
            new Uri("http://127.0.0.1:9/hook"), Json, "application/json", [new("Authorization", "Bearer s3cr3t\r\nX-Evil: 1")], FetchLimits.Default, Ct));

        Assert.Equal("the value of the Authorization header holds a line break or NUL (Parameter 'headers')", e.Message);
    }
}
