using System.Net;
using System.Net.Sockets;
using System.Text;
using Gleaner.Engine;
using Gleaner.Fetching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Gleaner.Tests.Engine.EngineHarness;

namespace Gleaner.Tests.Engine;

/// <summary>robots.txt as part of the run's politeness: fetched under the same bounds, read as RFC 9309 says.</summary>
public class RunEngineRobotsTests
{
    [Fact]
    public async Task RunAsync_RobotsFetches_CountAgainstTheGlobalBound()
    {
        var inFlight = new InFlight();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            // Each answer takes a moment, so fetches that are allowed to overlap do.
            app.MapGet("/robots.txt", async () => { using var _ = inFlight.Enter(); await Task.Delay(20, Ct); return "User-agent: *\nAllow: /\n"; });
            app.MapGet("/page", async () => { using var _ = inFlight.Enter(); await Task.Delay(20, Ct); return "v 3"; });
        });
        using var fetcher = LoopbackFetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Concurrency = 3, PerHostConcurrency = 4 });

        var records = await RunAll(engine, OnePerHost(server, 30));

        Assert.Equal(30, records.Count(r => r.Result.Outcome == Outcome.Ok));
        Assert.Equal(60, inFlight.Total);
        Assert.InRange(inFlight.Peak, 1, 3);
    }

    [Fact]
    public async Task RunAsync_RobotsOverTheCap_ItsFirst500KiBAreObeyed()
    {
        var robots = new StringBuilder("User-agent: *\nDisallow: /private\n");
        while (robots.Length < RobotsCache.MaxRobotsBytes)
        {
            robots.Append("# filler to push the next rule past the first 500 KiB\n");
        }

        robots.Append("Disallow: /late\n");
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => robots.ToString());
            app.MapGet("/{**path}", () => "v 1");
        });
        using var fetcher = LoopbackFetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Retries = 0 });

        var records = await RunAll(engine, [Page(server.Url("/private/a")), Page(server.Url("/public")), Page(server.Url("/late"))]);

        var byPath = records.ToDictionary(r => r.Result.Target.Url.AbsolutePath, r => (r.Result.Outcome, r.Result.Error));
        Assert.Equal((Outcome.RobotsDenied, $"robots.txt of http://127.0.0.1:{server.BaseUri.Port} disallows /private/a for Gleaner"), byPath["/private/a"]);
        Assert.Equal((Outcome.Ok, null), byPath["/public"]);
        Assert.Equal((Outcome.Ok, null), byPath["/late"]);
    }

    [Fact]
    public async Task RunAsync_RobotsUnreachable_DenialSaysWhy()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => Results.StatusCode(503));
            app.MapGet("/a", () => "v 1");
        });
        using var fetcher = LoopbackFetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Retries = 0 });

        var record = Assert.Single(await RunAll(engine, [Page(server.Url("/a"))]));

        Assert.Equal(Outcome.RobotsDenied, record.Result.Outcome);
        Assert.Equal(
            $"robots.txt of http://127.0.0.1:{server.BaseUri.Port} is unreachable (http_status: HTTP 503 Service Unavailable), so /a is treated as disallowed (RFC 9309)",
            record.Result.Error);
    }

    [Fact]
    public async Task RunAsync_RobotsCouldNotBeAskedForALocalReason_TargetEndsWithThatReasonAndTheNextAsksAgain()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => "User-agent: *\nAllow: /\n");
            app.MapGet("/{n}", () => "v 1");
        });
        var lookups = 0;
        using var fetcher = new Fetcher(new FetcherOptions
        {
            // The first lookup finds the process out of descriptors, as a crawl of many hosts once did.
            Resolve = (_, _) => Interlocked.Increment(ref lookups) == 1
                ? Task.FromException<IPAddress[]>(new SocketException((int)SocketError.TooManyOpenSockets))
                : Task.FromResult(new[] { IPAddress.Loopback }),
        });
        var engine = new RunEngine(fetcher, new RunSettings { PerHostConcurrency = 1, Retries = 0 });
        var host = $"http://site.test:{server.BaseUri.Port}";

        var records = await RunAll(engine, [Page(new Uri(host + "/1")), Page(new Uri(host + "/2"))]);

        Assert.Equal(
            [(Outcome.LocalLimit, $"robots.txt of {host} could not be fetched: resolving site.test: this process is out of file descriptors (raise ulimit -n or lower the concurrency)"),
             (Outcome.Ok, null)],
            records.OrderBy(r => r.Index).Select(r => (r.Result.Outcome, r.Result.Error)));
    }

    [Fact]
    public async Task RunAsync_RedirectToAnotherOrigin_AsksThatOriginsRobots()
    {
        var secretFetched = 0;
        await using var other = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => "User-agent: *\nDisallow: /secret\n");
            app.MapGet("/secret", () => { Interlocked.Increment(ref secretFetched); return "v 9"; });
            app.MapGet("/open", () => "v 8");
        });
        await using var first = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => "User-agent: *\nAllow: /\n");
            app.MapGet("/to/{path}", (string path) => Results.Redirect(other.Url("/" + path).ToString()));
        });
        using var fetcher = LoopbackFetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Retries = 0 });

        var records = await RunAll(engine, [Page(first.Url("/to/secret")), Page(first.Url("/to/open"))]);

        var byPath = records.ToDictionary(r => r.Result.Target.Url.AbsolutePath, r => r.Result);
        Assert.Equal(Outcome.RobotsDenied, byPath["/to/secret"].Outcome);
        Assert.Equal(
            $"redirect to {other.Url("/secret")}: robots.txt of http://127.0.0.1:{other.BaseUri.Port} disallows /secret for Gleaner",
            byPath["/to/secret"].Error);
        Assert.Equal((Outcome.Ok, (object?)"8"), (byPath["/to/open"].Outcome, byPath["/to/open"].Value));
        Assert.Equal(0, secretFetched);
    }
}
