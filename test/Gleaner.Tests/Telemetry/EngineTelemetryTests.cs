using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gleaner.Engine;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gleaner.Tests.Telemetry;

[Collection(TelemetryRunsAlone.Name)]
public sealed class EngineTelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Target Page(Uri url) => new()
    {
        Name = url.PathAndQuery,
        Url = url,
        Extract = ExtractionChain.Of(ExtractionRules.Compile("regex", @"(-?\d+)")),
        Limits = new FetchLimits { TotalTimeout = TimeSpan.FromSeconds(2) },
    };

    private static async Task RunAll(RunEngine engine, IReadOnlyList<Target> targets)
    {
        await foreach (var _ in engine.RunAsync(targets, null, Ct))
        {
        }
    }

    [Fact]
    public async Task RunAsync_TransientFailures_EachRetryCountedWithItsCauseAndLogged()
    {
        var calls = new ConcurrentDictionary<string, int>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/{n}", (string n) =>
            calls.AddOrUpdate(n, 1, (_, c) => c + 1) < 3 ? Results.StatusCode(503) : Results.Text("v 7")));
        using var fetcher = new Fetcher();
        var log = new RecordingLogger();
        var engine = new RunEngine(fetcher, new RunSettings { Retries = 2, RespectRobots = false }) { LoggerFactory = log };
        using var metrics = new MetricRecorder();

        await RunAll(engine, [Page(server.Url("/a"))]);

        Assert.Equal(2, metrics.Sum("gleaner.engine.retries", ("outcome", "http_status")));
        Assert.Equal(2, metrics.Sum("gleaner.engine.retries"));
        var retries = log.Lines.Where(l => l.Id.Id == 1001).ToList();
        Assert.Equal(2, retries.Count);
        Assert.All(retries, l => Assert.Equal(LogLevel.Information, l.Level));
        Assert.Equal("Gleaner.Engine.RunEngine", retries[0].Category);
        Assert.StartsWith("Retry 1 of /a on 127.0.0.1:", retries[0].Message, StringComparison.Ordinal);
        Assert.EndsWith(" after http_status", retries[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DeadHost_BreakerOpenCountedAndLogged()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var fetcher = new Fetcher();
        var log = new RecordingLogger();
        var engine = new RunEngine(fetcher, new RunSettings { PerHostConcurrency = 1, Retries = 0, RespectRobots = false }) { LoggerFactory = log };
        using var metrics = new MetricRecorder();

        await RunAll(engine, [.. Enumerable.Range(0, 12).Select(i => Page(new Uri($"http://127.0.0.1:{port}/{i}")))]);

        Assert.Equal(1, metrics.Sum("gleaner.engine.breaker.changes", ("state", "open")));
        Assert.Equal(0, metrics.Sum("gleaner.engine.breaker.changes", ("state", "closed")));
        var opened = Assert.Single(log.Lines, l => l.Id.Id == 1002);
        Assert.Equal(LogLevel.Warning, opened.Level);
        Assert.Equal($"Circuit breaker of 127.0.0.1:{port} opened for 00:00:30 after connect_refused: its targets fail fast meanwhile", opened.Message);
    }

    [Fact]
    public async Task RunAsync_TwoHosts_WorkersStartedAndEvictedAndSlotsGivenBack()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/{n}", () => "v 1"));
        using var fetcher = new Fetcher();
        var engine = new RunEngine(fetcher, new RunSettings { RespectRobots = false, Retries = 0 });
        using var metrics = new MetricRecorder();
        var port = server.BaseUri.Port;

        await RunAll(engine, [
            Page(new Uri($"http://127.0.0.1:{port}/1")), Page(new Uri($"http://127.0.0.1:{port}/2")),
            Page(new Uri($"http://127.0.0.2:{port}/3")),
        ]);

        Assert.Equal(2, metrics.Sum("gleaner.engine.hosts.started"));
        Assert.Equal(2, metrics.Sum("gleaner.engine.hosts.evicted"));
        Assert.Equal(3, metrics.Of("gleaner.engine.slots.active").Count(m => m.Value == 1));
        Assert.Equal(0, metrics.Sum("gleaner.engine.slots.active"));
        Assert.Equal(2, metrics.Of("gleaner.engine.host.slots.active", ("host", $"127.0.0.1:{port}")).Count(m => m.Value == 1));
        Assert.Equal(1, metrics.Of("gleaner.engine.host.slots.active", ("host", $"127.0.0.2:{port}")).Count(m => m.Value == 1));
        Assert.Equal(0, metrics.Sum("gleaner.engine.host.slots.active"));
    }

    [Fact]
    public async Task RunAsync_RobotsUnreachable_Logged()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => Results.StatusCode(503));
            app.MapGet("/{n}", () => "v 1");
        });
        using var fetcher = new Fetcher();
        var log = new RecordingLogger();
        var engine = new RunEngine(fetcher, new RunSettings { Retries = 0 }) { LoggerFactory = log };

        await RunAll(engine, [Page(server.Url("/a"))]);

        var line = Assert.Single(log.Lines, l => l.Id.Id == 1004);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.StartsWith($"robots.txt of http://127.0.0.1:{server.BaseUri.Port} unreachable (http_status: HTTP 503", line.Message, StringComparison.Ordinal);
    }
}
