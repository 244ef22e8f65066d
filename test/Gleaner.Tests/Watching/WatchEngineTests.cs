using Gleaner.Scheduling;
using Gleaner.Watching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Gleaner.Tests.Engine.EngineHarness;
using static Gleaner.Tests.Watching.WatchHarness;

namespace Gleaner.Tests.Watching;

/// <summary>A watch samples each target on its schedule, continues it across restarts, and stays polite.</summary>
public class WatchEngineTests
{
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_EveryTenSeconds_FirstSamplesSpreadOverTheFirstInterval_ThenOneIntervalApart()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/t", () => "t 21"));
        await using var watch = new WatchHarness();
        var names = new[] { "a", "b", "c" };
        watch.Run([.. names.Select(n => Every(server.Url("/t"), n, Ten))]);

        for (var step = 1; step <= 6; step++)
        {
            await watch.AdvanceAsync(Ten, taken: 3 * step);
        }

        await watch.StopAsync();
        foreach (var name in names)
        {
            var first = Start + new EverySchedule(Ten).Offset(name);
            Assert.InRange(first, Start, Start + Ten - TimeSpan.FromTicks(1));
            var dues = watch.Store.Samples.Where(s => s.Target == name).Select(s => s.Due).ToList();
            Assert.Equal([.. Enumerable.Range(0, 6).Select(k => first + k * Ten)], dues);
            Assert.All(watch.Store.Samples, s => Assert.Equal(("21", Outcome.Ok), (s.Value, s.Outcome)));
        }

        // The three offsets differ: three targets started together do not fire together.
        Assert.Equal(3, names.Select(n => new EverySchedule(Ten).Offset(n)).Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_Restarted_TakesAMissedSampleOnce_ThenKeepsTheSchedule()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/t", () => "t 21"));
        var store = new MemorySampleStore();
        var first = Start + new EverySchedule(Ten).Offset("a");
        await using (var before = new WatchHarness(store))
        {
            before.Run(Every(server.Url("/t"), "a", Ten));
            await before.AdvanceAsync(Ten, taken: 1);
            await before.AdvanceAsync(Ten, taken: 2);
            await before.StopAsync();
            Assert.Equal(first + Ten, store.State("a").LastDue);

            // Down for 95 s: nine due times pass while nothing runs.
            before.Time.Advance(TimeSpan.FromSeconds(95));
            await using var after = new WatchHarness(store, before.Time);
            var restart = after.Time.GetUtcNow();
            after.Run(Every(server.Url("/t"), "a", Ten));
            await after.SamplesAsync(1);
            await after.AdvanceAsync(Ten, taken: 2);
            await after.StopAsync();

            var dues = store.Samples.Select(s => s.Due).ToList();
            // The first missed due time is taken at once (late), the others are not made up, and the schedule goes on
            // from the next due time after the restart, on the same grid.
            var next = new EverySchedule(Ten).NextAfter(first + 2 * Ten, restart);
            Assert.Equal([first, first + Ten, first + 2 * Ten, next], dues);
            Assert.True(store.Samples[2].Started - store.Samples[2].Due > TimeSpan.FromSeconds(80));
        }
    }

    [Fact]
    public async Task RunAsync_HostAnswers503WithRetryAfter_ItsNextSamplesWaitAsLongAsItAsked()
    {
        var seen = new List<(string Path, DateTimeOffset At)>();
        var refused = 0;
        WatchHarness? watch = null;
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/{name}", (string name, HttpContext context) =>
            {
                lock (seen)
                {
                    seen.Add((name, watch!.Time.GetUtcNow()));
                }

                if (name == "a" && Interlocked.Increment(ref refused) == 1)
                {
                    context.Response.Headers.RetryAfter = "120";
                    return Results.StatusCode(503);
                }

                return Results.Text("t 21");
            });
        });
        watch = new WatchHarness();
        await using var _ = watch;
        watch.Run(Every(server.Url("/a"), "a", Ten), Every(server.Url("/b"), "b", Ten));
        await watch.AdvanceAsync(Ten, taken: 2);
        var refusedAt = seen.Single(s => s.Path == "a").At;

        // Two minutes in ten-second steps: samples come due every ten seconds, and wait for the host.
        for (var step = 0; step < 12; step++)
        {
            await watch.Engine.Parked.WaitAsync(TimeSpan.FromSeconds(10), Ct);
            watch.Time.Advance(Ten);
        }

        await watch.SamplesAsync(4);
        await watch.StopAsync();
        var after = seen.Where(s => s.At > refusedAt).ToList();
        Assert.NotEmpty(after);
        // The 503 was a's first sample; every other sample was taken, and ok.
        Assert.Equal(
            [("a", Outcome.HttpStatus)],
            watch.Store.Samples.Where(s => s.Outcome != Outcome.Ok).Select(s => (s.Target, s.Outcome)));
        Assert.All(after, s => Assert.True(s.At >= refusedAt + TimeSpan.FromSeconds(120), $"{s.Path} at {s.At - refusedAt} after the 503"));
        // A target has one sample in flight at most: the due times it waited through are not fetched in a burst.
        Assert.True(watch.Store.Samples.Count(s => s.Target == "b") <= 3, string.Join(", ", watch.Store.Samples.Select(s => $"{s.Target}@{s.Due - Start}")));
    }

    [Fact]
    public async Task RunAsync_PageUnchanged_AsksConditionally_And304KeepsTheValue()
    {
        var asked = new List<string?>();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/t", (HttpContext context) =>
        {
            var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
            lock (asked)
            {
                asked.Add(ifNoneMatch.Length == 0 ? null : ifNoneMatch);
            }

            if (ifNoneMatch == "\"v1\"")
            {
                return Results.StatusCode(304);
            }

            context.Response.Headers.ETag = "\"v1\"";
            return Results.Text("t 21");
        }));
        await using var watch = new WatchHarness();
        watch.Run(Every(server.Url("/t"), "a", Ten));
        await watch.AdvanceAsync(Ten, taken: 1);
        await watch.AdvanceAsync(Ten, taken: 2);
        await watch.StopAsync();

        Assert.Equal([null, "\"v1\""], asked);
        var samples = watch.Store.Samples;
        Assert.Equal([(false, 200, "21"), (true, 304, "21")], samples.Select(s => (s.NotModified, s.Status ?? 0, s.Value)));
        Assert.All(samples, s => Assert.Equal((Outcome.Ok, false), (s.Outcome, s.Changed)));
        Assert.Equal("\"v1\"", watch.Store.State("a").ETag);
    }

    [Fact]
    public async Task RunAsync_Retention_EnforcedAtStartAndHourly_WithEachTargetsKeepAndTheDefault()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/t", () => "t 21"));
        await using var watch = new WatchHarness();
        var a = Every(server.Url("/t"), "a", Ten);
        watch.Run(new WatchList([a with { Watch = a.Watch! with { Keep = TimeSpan.FromDays(2) } }, Every(server.Url("/t"), "b", Ten)], TimeSpan.FromDays(30)));
        await watch.AdvanceAsync(Ten, taken: 2);
        var atStart = watch.Store.Prunes.ToList();
        await watch.AdvanceAsync(TimeSpan.FromHours(1), taken: 4);
        await watch.AdvanceAsync(Ten, taken: 6);
        await watch.StopAsync();

        var first = Assert.Single(atStart);
        Assert.Equal((TimeSpan.FromDays(2), TimeSpan.FromDays(30), TimeSpan.FromDays(30)), (first.For("a"), first.For("b"), first.For("gone")));
        Assert.Equal(2, watch.Store.Prunes.Count);
    }

    [Fact]
    public async Task RunAsync_Restarted_AThresholdStillCountsFromTheLastChange()
    {
        var readings = new Queue<string>(["66.0", "66.3", "66.6"]);
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/t", () =>
        {
            lock (readings)
            {
                return $"t {readings.Dequeue()}";
            }
        }));
        var store = new MemorySampleStore();
        var target = Every(server.Url("/t"), "a", Ten) with { Value = new Gleaner.Validation.ValueSpec(Gleaner.Validation.ValueKind.Number) };
        target = target with { Extract = Gleaner.Extraction.ExtractionChain.Of(Gleaner.Extraction.ExtractionRules.Compile("regex", @"(\d+\.\d+)")), Watch = target.Watch! with { Threshold = 0.5 } };
        await using (var before = new WatchHarness(store))
        {
            before.Run(target);
            await before.AdvanceAsync(Ten, taken: 1);
            await before.AdvanceAsync(Ten, taken: 2);
            await before.StopAsync();
            await using var after = new WatchHarness(store, before.Time);
            after.Run(target);
            await after.AdvanceAsync(Ten, taken: 1);
            await after.StopAsync();
        }

        // 66.3 is 0.3 from 66.0: no change. 66.6 is 0.6 from 66.0, though only 0.3 from the last value before the restart.
        Assert.Equal([("66", false), ("66.3", false), ("66.6", true)], store.Samples.Select(s => (s.Value, s.Changed)));
    }

    [Fact]
    public async Task RunAsync_StoreFails_EndsWithTheStoresException()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/t", () => "t 21"));
        var store = new MemorySampleStore { FailWith = new IOException("disk full") };
        await using var watch = new WatchHarness(store);
        var running = watch.Engine.RunAsync(new WatchList([Every(server.Url("/t"), "a", Ten)]), Ct);
        await watch.Engine.Parked.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        watch.Time.Advance(Ten);

        var failure = await Assert.ThrowsAsync<IOException>(() => running.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal("disk full", failure.Message);
    }

    [Fact]
    public async Task Update_RemovedTargetStops_AddedTargetStartsAtItsOffset()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/t", () => "t 21"));
        await using var watch = new WatchHarness();
        var a = Every(server.Url("/t"), "a", Ten);
        watch.Run(a);
        await watch.AdvanceAsync(Ten, taken: 1);
        await watch.Engine.Parked.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var updated = watch.Time.GetUtcNow();
        watch.Engine.Update(new WatchList([Every(server.Url("/t"), "b", Ten)]));
        await watch.AdvanceAsync(Ten, taken: 2);
        await watch.AdvanceAsync(Ten, taken: 3);
        await watch.StopAsync();

        Assert.Equal(["a", "b", "b"], watch.Store.Samples.Select(s => s.Target));
        Assert.Equal(updated + new EverySchedule(Ten).Offset("b"), watch.Store.Samples[1].Due);
    }

    [Fact]
    public async Task Record_WhileRunning_KeepsTheEventWithTheSamples_AndNotOnceStopped()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/t", () => "t 21"));
        await using var watch = new WatchHarness();
        var notified = new WatchEvent { Target = "a", At = Start, Kind = WatchEventKind.Notified, Outcome = Outcome.Ok, Message = "change sent to https://hooks.example (HTTP 204)" };
        Assert.False(watch.Engine.Record(notified));

        watch.Run(Every(server.Url("/t"), "a", Ten));
        await watch.AdvanceAsync(Ten, taken: 1);
        Assert.True(watch.Engine.Record(notified));
        await watch.AdvanceAsync(Ten, taken: 2);
        await watch.StopAsync();

        Assert.False(watch.Engine.Record(notified with { Message = "late" }));
        Assert.Equal([notified], watch.Store.Events.Where(e => e.Kind == WatchEventKind.Notified));
    }

    [Fact]
    public void WatchList_WithoutScheduleOrWithTwiceTheSameName_IsRefusedNamingEach()
    {
        var url = new Uri("http://h.test/t");
        var list = new WatchList([Page(url) with { Name = "x" }, Every(url, "y", Ten), Every(url, "y", Ten)]);

        var e = Assert.Throws<ArgumentException>(() => list.Validate());
        Assert.Equal("target 'x' has no schedule (every: or cron:, in the target or under defaults); target name 'y' is used twice", e.Message);
    }
}
