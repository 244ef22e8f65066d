using System.Collections.Concurrent;
using Gleaner.Engine;
using Gleaner.Fetching;
using Gleaner.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Gleaner.Tests.Engine.EngineHarness;

namespace Gleaner.Tests.Engine;

/// <summary>
/// A run's targets that ask with another method or as another crawler: a POST is sent twice only when the target
/// says it is safe to, and robots.txt is asked, and read, as the crawler the target's User-Agent names.
/// </summary>
public class RunEngineMethodTests
{
    [Theory]
    [InlineData(false, 1, Outcome.HttpStatus)]
    [InlineData(true, 2, Outcome.Ok)]
    public async Task RunAsync_PostFailingOnce_IsRetriedOnlyWhenIdempotent(bool idempotent, int requests, Outcome outcome)
    {
        var received = new ConcurrentQueue<string>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/q", (HttpContext context) =>
        {
            received.Enqueue(context.Request.Method);
            if (received.Count == 1)
            {
                context.Response.Headers.RetryAfter = "0";
                return Results.StatusCode(503);
            }

            return Results.Text("v 4");
        }));
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Retries = 2, RespectRobots = false });
        var target = Page(server.Url("/q")) with { Method = HttpMethod.Post, Body = RequestBody.Text("{}", "application/json"), Idempotent = idempotent };

        var record = Assert.Single(await RunAll(engine, [target]));

        Assert.Equal((outcome, requests), (record.Result.Outcome, record.Attempts));
        Assert.Equal(Enumerable.Repeat("POST", requests), received);
    }

    [Fact]
    public async Task RunAsync_TargetWithItsOwnUserAgent_AsksRobotsAsThatCrawlerWithoutItsOtherHeaders()
    {
        var robotsAsks = new ConcurrentQueue<string>();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", (HttpRequest request) =>
            {
                robotsAsks.Enqueue($"{request.Headers.UserAgent}|{request.Headers["X-Api-Key"]}");
                return "User-agent: weatherbot\nDisallow: /private\n\nUser-agent: *\nAllow: /\n";
            });
            app.MapGet("/{**path}", () => "v 1");
        });
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Retries = 0, PerHostConcurrency = 1 });
        Target[] targets =
        [
            Page(server.Url("/private/a")) with
            {
                Headers = [new RequestHeader("User-Agent", "weatherbot/1.0 (ops@example.com)"), new RequestHeader("X-Api-Key", "k-1") { Secret = true }],
            },
            Page(server.Url("/private/b")),
        ];

        var records = await RunAll(engine, targets);

        var byPath = records.ToDictionary(r => r.Result.Target.Url.AbsolutePath, r => (r.Result.Outcome, r.Result.Error));
        Assert.Equal((Outcome.RobotsDenied, $"robots.txt of http://127.0.0.1:{server.BaseUri.Port} disallows /private/a for weatherbot"), byPath["/private/a"]);
        Assert.Equal((Outcome.Ok, null), byPath["/private/b"]);
        Assert.Equal(2, robotsAsks.Count);
        Assert.Contains("weatherbot/1.0 (ops@example.com)|", robotsAsks);
        Assert.Contains(robotsAsks, a => a.StartsWith("Gleaner/", StringComparison.Ordinal) && a.EndsWith('|'));
    }

    [Fact]
    public async Task RunAsync_SecretUserAgentDenied_RefusalNeverNamesIt()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => "User-agent: *\nDisallow: /\n");
            app.MapGet("/{**path}", () => "v 1");
        });
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Retries = 0 });
        var target = Page(server.Url("/a")) with { Headers = [new RequestHeader("User-Agent", "sk_live_SECRETTOKEN") { Secret = true }] };

        var record = Assert.Single(await RunAll(engine, [target]));

        Assert.Equal(
            (Outcome.RobotsDenied, $"robots.txt of {server.Url("/").GetLeftPart(UriPartial.Authority)} disallows /a for the target's (secret) User-Agent"),
            (record.Result.Outcome, record.Result.Error));
    }
}
