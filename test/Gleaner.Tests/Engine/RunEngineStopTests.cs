using Gleaner.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using static Gleaner.Tests.Engine.EngineHarness;

namespace Gleaner.Tests.Engine;

/// <summary>A stop stops: after it, no request leaves the process; what is in flight finishes and is recorded.</summary>
public class RunEngineStopTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_StoppedWithLanesWaitingForSlots_SendsNothingMore(bool robots)
    {
        // 40 hosts × 4 lanes wait for 2 fetch slots. Both slots are held by pages the server keeps open until the
        // test lets them go; the stop comes then. Every other lane is waiting for a slot (or for robots.txt), so
        // any request the server sees after the stop was started after it.
        var inFlight = new InFlight();
        var pagesHeld = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var pages = 0;
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => { using var _ = inFlight.Enter(); return "User-agent: *\nAllow: /\n"; });
            app.MapGet("/page", async () =>
            {
                using var _ = inFlight.Enter();
                if (Interlocked.Increment(ref pages) == 2)
                {
                    pagesHeld.TrySetResult();
                }

                await release.Task;
                return "v 7";
            });
        });
        using var fetcher = LoopbackFetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Concurrency = 2, PerHostConcurrency = 4, RespectRobots = robots, Retries = 0 });
        using var stop = new CancellationTokenSource();

        var run = RunUntil(engine, OnePerHost(server, 40), stop.Token);
        await pagesHeld.Task.WaitAsync(Ct);
        var sentBeforeStop = inFlight.Total;
        await stop.CancelAsync();
        release.SetResult();
        var records = await run.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(sentBeforeStop, inFlight.Total);
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(("7", Outcome.Ok), (r.Result.Value, r.Result.Outcome)));
    }

    [Fact]
    public async Task RunAsync_StoppedDuringRetryBackoff_EndsTheTargetWithItsLastAttempt()
    {
        var requests = 0;
        var firstAnswered = new TaskCompletionSource();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/page", (HttpContext c) =>
        {
            Interlocked.Increment(ref requests);
            c.Response.OnCompleted(() => { firstAnswered.TrySetResult(); return Task.CompletedTask; });
            c.Response.Headers.RetryAfter = "5";
            return Results.StatusCode(503);
        }));
        using var fetcher = LoopbackFetcher();
        // The engine waits out Retry-After on a clock that never moves: only the stop can end that wait.
        var engine = new RunEngine(fetcher, new RunSettings { Retries = 3, RespectRobots = false }, new FakeTimeProvider());
        using var stop = new CancellationTokenSource();

        var run = RunUntil(engine, [Page(server.Url("/page"))], stop.Token);
        await firstAnswered.Task.WaitAsync(Ct);
        await stop.CancelAsync();
        var record = Assert.Single(await run.WaitAsync(TimeSpan.FromSeconds(30), Ct));

        Assert.Equal((Outcome.HttpStatus, 503, 1, 1), (record.Result.Outcome, record.Result.Fetch.Status, record.Attempts, requests));
    }

    [Fact]
    public async Task RunAsync_StoppedBeforeAnyFetch_RecordsNothing()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/page", () => "v 1"));
        using var fetcher = LoopbackFetcher();
        var engine = new RunEngine(fetcher, new RunSettings());
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        Assert.Empty(await RunUntil(engine, OnePerHost(server, 10), stop.Token));
    }
}
