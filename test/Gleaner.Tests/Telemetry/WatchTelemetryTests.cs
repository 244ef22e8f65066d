using System.Diagnostics;
using Gleaner.Scheduling;
using Gleaner.Telemetry;
using Gleaner.Tests.Watching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static Gleaner.Tests.Watching.WatchHarness;

namespace Gleaner.Tests.Telemetry;

[Collection(TelemetryRunsAlone.Name)]
public sealed class WatchTelemetryTests
{
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // 200 with an ETag, then 304 to it, then a new value: a 304 and a change.
    private static Task<LoopbackServer> ServerAsync()
    {
        var requests = 0;
        return LoopbackServer.StartAsync(app => app.MapGet("/t", (HttpContext context) =>
        {
            switch (Interlocked.Increment(ref requests))
            {
                case 1:
                    context.Response.Headers.ETag = "\"v1\"";
                    return Results.Text("t 21");
                case 2:
                    return Results.StatusCode(304);
                default:
                    context.Response.Headers.ETag = "\"v2\"";
                    return Results.Text("t 22");
            }
        }));
    }

    [Fact]
    public async Task RunAsync_TwoOnTimeOneLate_CountsDueTakenLateAndTheirLateness()
    {
        await using var server = await ServerAsync();
        var log = new RecordingLogger();
        await using var watch = new WatchHarness(log: log);
        using var metrics = new MetricRecorder();
        var offset = new EverySchedule(Ten).Offset("a");

        watch.Run(Every(server.Url("/t"), "a", Ten));
        await watch.AdvanceAsync(offset, taken: 1);
        await watch.AdvanceAsync(Ten, taken: 2);
        // Fifteen seconds past the third due time: that sample starts late, and the one it overlapped is skipped.
        await watch.AdvanceAsync(TimeSpan.FromSeconds(25), taken: 3);
        await watch.StopAsync();

        Assert.Equal(3, metrics.Sum("gleaner.watch.samples.due"));
        Assert.Equal(3, metrics.Sum("gleaner.watch.samples.taken", ("outcome", "ok")));
        Assert.Equal(1, metrics.Sum("gleaner.watch.samples.not_modified"));
        Assert.Equal(1, metrics.Sum("gleaner.watch.samples.late"));
        Assert.Equal([0, 0, 15], metrics.Of("gleaner.watch.sample.lateness").Select(m => m.Value));
        Assert.Equal(1, metrics.Sum("gleaner.watch.events", ("kind", "change")));
        Assert.Equal(1, metrics.Sum("gleaner.watch.events"));
        var late = Assert.Single(log.Lines, l => l.Id.Id == 2001);
        Assert.Equal(LogLevel.Information, late.Level);
        Assert.Equal($"Sample of a due {Start + offset + (2 * Ten):o} started 00:00:15 late", late.Message);
    }

    [Fact]
    public async Task RunAsync_StoreFails_LoggedAsAnError()
    {
        await using var server = await ServerAsync();
        var log = new RecordingLogger();
        await using var watch = new WatchHarness(new MemorySampleStore { FailWith = new IOException("disk full") }, log: log);
        var running = watch.Engine.RunAsync(new Gleaner.Watching.WatchList([Every(server.Url("/t"), "a", Ten)]), Ct);
        await watch.Engine.Parked.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        watch.Time.Advance(Ten);

        await Assert.ThrowsAsync<IOException>(() => running.WaitAsync(TimeSpan.FromSeconds(10), Ct));

        var line = Assert.Single(log.Lines, l => l.Id.Id == 2002);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Equal("The sample store could not be written (IOException: disk full); the watch stops", line.Message);
    }

    [Fact]
    public async Task RunAsync_Listened_AnActivityPerSampleFromStartToFinish()
    {
        await using var server = await ServerAsync();
        await using var watch = new WatchHarness();
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GleanerTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (stopped)
                {
                    stopped.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var offset = new EverySchedule(Ten).Offset("a");

        watch.Run(Every(server.Url("/t"), "a", Ten));
        await watch.AdvanceAsync(offset, taken: 1);
        await watch.StopAsync();

        var sample = Assert.Single(stopped, a => a.OperationName == "gleaner.watch.sample");
        Assert.Equal("a", sample.GetTagItem("gleaner.target"));
        Assert.Equal("ok", sample.GetTagItem("gleaner.outcome"));
        Assert.Equal((Start + offset).UtcDateTime, sample.StartTimeUtc);
        Assert.Single(stopped, a => a.OperationName == "gleaner.fetch");
    }
}
