using System.Collections.Concurrent;
using Gleaner.Engine;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Records;
using Gleaner.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Engine;

/// <summary>The engine against real loopback servers: no head-of-line blocking, politeness, retries, breakers, robots.</summary>
public class RunEngineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly FetchLimits Short = new() { TotalTimeout = TimeSpan.FromSeconds(2) };

    private static Target Page(Uri url, string name = "") => new()
    {
        Name = name.Length > 0 ? name : url.PathAndQuery,
        Url = url,
        Extract = ExtractionChain.Of(ExtractionRules.Compile("regex", @"(-?\d+)")),
        Limits = Short,
    };

    private static Task<List<RunRecord>> RunAll(RunEngine engine, IReadOnlyList<Target> targets, IReadOnlySet<string>? done = null) =>
        RunUntil(engine, targets, done, Ct);

    private static async Task<List<RunRecord>> RunUntil(RunEngine engine, IReadOnlyList<Target> targets, IReadOnlySet<string>? done, CancellationToken stop)
    {
        var records = new List<RunRecord>();
        await foreach (var record in engine.RunAsync(targets, done, stop))
        {
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public async Task RunAsync_SilentHost_DoesNotHoldUpOtherHosts()
    {
        // The silent host answers only once every healthy target has been recorded: a run with head-of-line
        // blocking never gets there and the test times out.
        var healthyDone = new TaskCompletionSource();
        await using var silent = await LoopbackServer.StartAsync(app => app.MapGet("/{n}", async (int n) =>
        {
            await healthyDone.Task.WaitAsync(Ct);
            return $"late {n}";
        }));
        await using var healthy = await LoopbackServer.StartAsync(app => app.MapGet("/{n}", (int n) => $"value {n}"));
        var patient = new FetchLimits { TotalTimeout = TimeSpan.FromSeconds(60), HeadersTimeout = TimeSpan.FromSeconds(60) };
        var targets = Enumerable.Range(0, 8).Select(i => Page(silent.Url($"/{i}")) with { Limits = patient })
            .Concat(Enumerable.Range(0, 40).Select(i => Page(healthy.Url($"/{i}"))))
            .ToList();
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Concurrency = 8, PerHostConcurrency = 4, Retries = 0, RespectRobots = false });

        var records = new List<RunRecord>();
        await foreach (var record in engine.RunAsync(targets, cancellationToken: Ct).WithCancellation(Ct))
        {
            records.Add(record);
            if (records.Count == 40)
            {
                healthyDone.SetResult();
            }
        }

        Assert.All(records.Take(40), r => Assert.Equal((Outcome.Ok, healthy.BaseUri.Port), (r.Result.Outcome, r.Result.Target.Url.Port)));
        Assert.All(records.Skip(40), r => Assert.Equal((Outcome.Ok, silent.BaseUri.Port), (r.Result.Outcome, r.Result.Target.Url.Port)));
        Assert.Equal(48, records.Count);
    }

    [Fact]
    public async Task RunAsync_PerHostConcurrency_IsNeverExceeded()
    {
        // The first requests are held until three are in flight at once, so the peak reaches the limit for sure;
        // the engine must never let a fourth in.
        var inFlight = new InFlight();
        var three = new TaskCompletionSource();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/{n}", async (int n) =>
        {
            using var _ = inFlight.Enter();
            if (inFlight.Now >= 3)
            {
                three.TrySetResult();
            }

            await three.Task.WaitAsync(Ct);
            return $"v {n}";
        }));
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Concurrency = 64, PerHostConcurrency = 3, RespectRobots = false });

        var records = await RunAll(engine, [.. Enumerable.Range(0, 30).Select(i => Page(server.Url($"/{i}")))]);

        Assert.Equal(30, records.Count(r => r.Result.Outcome == Outcome.Ok));
        Assert.Equal(3, inFlight.Peak);
    }

    [Fact]
    public async Task RunAsync_TransientFailures_RetriedUntilOk()
    {
        var calls = new ConcurrentDictionary<string, int>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/{n}", (string n) =>
            calls.AddOrUpdate(n, 1, (_, c) => c + 1) < 3 ? Results.StatusCode(503) : Results.Text("v 7")));
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Retries = 2, RespectRobots = false });

        var records = await RunAll(engine, [Page(server.Url("/a"))]);

        var record = Assert.Single(records);
        Assert.Equal(Outcome.Ok, record.Result.Outcome);
        Assert.Equal(3, record.Attempts);
    }

    [Fact]
    public async Task RunAsync_RetriesExhausted_EndsWithTheLastFailure()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/{n}", () => Results.StatusCode(500)));
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Retries = 1, RespectRobots = false });

        var record = Assert.Single(await RunAll(engine, [Page(server.Url("/a"))]));

        Assert.Equal(Outcome.HttpStatus, record.Result.Outcome);
        Assert.Equal(2, record.Attempts);
    }

    [Fact]
    public async Task RunAsync_RetryAfterLongerThanCap_EndsAsHttpStatusWithTheRetryTime()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/{n}", (HttpContext c) =>
        {
            c.Response.Headers.RetryAfter = "120";
            return Results.StatusCode(429);
        }));
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Retries = 3, MaxRetryAfter = TimeSpan.FromSeconds(30), RespectRobots = false });

        var record = Assert.Single(await RunAll(engine, [Page(server.Url("/a"))]));

        Assert.Equal(Outcome.HttpStatus, record.Result.Outcome);
        Assert.Equal(1, record.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(120), record.Result.Fetch.RetryAfter);
    }

    [Fact]
    public async Task RunAsync_DeadHost_BreakerFailsTheRestFastWithTheSameOutcome()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { PerHostConcurrency = 1, Retries = 0, RespectRobots = false });
        var targets = Enumerable.Range(0, 12).Select(i => Page(new Uri($"http://127.0.0.1:{port}/{i}"))).ToList();

        var records = await RunAll(engine, targets);

        Assert.All(records, r => Assert.Equal(Outcome.ConnectRefused, r.Result.Outcome));
        var failedFast = records.Where(r => r.Attempts == 0).ToList();
        Assert.Equal(7, failedFast.Count);
        Assert.All(failedFast, r => Assert.Contains("circuit breaker is open", r.Result.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_RobotsDisallows_TargetEndsRobotsDeniedWithoutBeingFetched()
    {
        var fetched = new ConcurrentBag<string>();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => "User-agent: *\nDisallow: /private\n\nUser-agent: Gleaner\nDisallow: /secret\n");
            app.MapGet("/{**path}", (string path) => { fetched.Add(path); return "v 1"; });
        });
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Retries = 0 });

        var records = await RunAll(engine, [Page(server.Url("/private/x")), Page(server.Url("/secret/y")), Page(server.Url("/public/z"))]);

        var byPath = records.ToDictionary(r => r.Result.Target.Url.AbsolutePath, r => r);
        Assert.Equal(Outcome.Ok, byPath["/private/x"].Result.Outcome);
        Assert.Equal(Outcome.RobotsDenied, byPath["/secret/y"].Result.Outcome);
        Assert.Equal(0, byPath["/secret/y"].Attempts);
        Assert.Equal(Outcome.Ok, byPath["/public/z"].Result.Outcome);
        Assert.DoesNotContain("secret/y", fetched);
    }

    [Theory]
    [InlineData(404, Outcome.Ok)]
    [InlineData(503, Outcome.RobotsDenied)]
    public async Task RunAsync_RobotsStatus_DecidesPerRfc9309(int robotsStatus, Outcome expected)
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => Results.StatusCode(robotsStatus));
            app.MapGet("/{n}", () => "v 1");
        });
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Retries = 0 });

        var record = Assert.Single(await RunAll(engine, [Page(server.Url("/a"))]));

        Assert.Equal(expected, record.Result.Outcome);
    }

    [Fact]
    public async Task RunAsync_DoneKeys_AreNotFetchedAgain()
    {
        var fetched = new ConcurrentBag<string>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/{n}", (string n) => { fetched.Add(n); return "v 1"; }));
        var targets = Enumerable.Range(0, 5).Select(i => Page(server.Url($"/{i}"))).ToList();
        var done = new HashSet<string> { RunRecord.KeyFor(1, targets[1]), RunRecord.KeyFor(3, targets[3]) };
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { RespectRobots = false });

        var records = await RunAll(engine, targets, done);

        Assert.Equal([0, 2, 4], records.Select(r => r.Index).Order());
        Assert.Equal(["0", "2", "4"], fetched.Order());
    }

    [Fact]
    public async Task RunAsync_CallerStopsReadingEarly_RunWindsDownWithoutHanging()
    {
        var served = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/{n}", (int n) =>
        {
            Interlocked.Increment(ref served);
            return $"v {n}";
        }));
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Concurrency = 2, PerHostConcurrency = 2, RespectRobots = false });
        var targets = Enumerable.Range(0, 500).Select(i => Page(server.Url($"/{i}"))).ToList();

        await ReadThreeAsync().WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // Once the reader is gone, lanes stop at the full record buffer (64) or sooner: at most the 3 read, the
        // 64 buffered and one in hand per lane were ever fetched, not the 500.
        Assert.InRange(Volatile.Read(ref served), 3, 3 + 64 + 2);

        async Task ReadThreeAsync()
        {
            var read = 0;
            await foreach (var record in engine.RunAsync(targets, cancellationToken: Ct))
            {
                if (++read == 3)
                {
                    break;
                }
            }
        }
    }

    [Fact]
    public async Task RunAsync_OnRecord_GetsEveryTargetOnceWithItsValue()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/{n}", (int n) => $"v {n}"));
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { Concurrency = 8, PerHostConcurrency = 8, RespectRobots = false });
        var targets = Enumerable.Range(0, 200).Select(i => Page(server.Url($"/{i}"))).ToList();
        var records = new System.Collections.Concurrent.ConcurrentBag<RunRecord>();

        await engine.RunAsync(targets, (record, _) => { records.Add(record); return ValueTask.CompletedTask; }, cancellationToken: Ct);

        Assert.Equal(Enumerable.Range(0, 200), records.Select(r => r.Index).Order());
        Assert.All(records, r => Assert.Equal(r.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Result.Value));
    }

    [Fact]
    public async Task RunAsync_OnRecordThrows_RunStartsNothingMoreAndEndsWithThatException()
    {
        var served = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/{n}", (int n) =>
        {
            Interlocked.Increment(ref served);
            return $"v {n}";
        }));
        using var fetcher = new Fetcher();
        // One lane, so "nothing more" is exact: with more, each other lane may finish the target it has in hand.
        var engine = new RunEngine(fetcher, new RunSettings { Concurrency = 1, PerHostConcurrency = 1, RespectRobots = false });
        var targets = Enumerable.Range(0, 500).Select(i => Page(server.Url($"/{i}"))).ToList();
        var calls = 0;

        var error = await Assert.ThrowsAsync<IOException>(() => engine.RunAsync(targets, (_, _) =>
            Interlocked.Increment(ref calls) == 3 ? throw new IOException("disk full") : ValueTask.CompletedTask, cancellationToken: Ct));

        Assert.Equal(("disk full", 3, 3), (error.Message, calls, Volatile.Read(ref served)));
    }

}
