using System.Collections.Concurrent;
using Gleaner.Engine;
using Gleaner.Records;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using static Gleaner.Tests.Engine.EngineHarness;

namespace Gleaner.Tests.Engine;

/// <summary>
/// A host's connections between two of its targets. The fetcher keeps no idle connection here at all
/// (<c>maxIdle: 0</c>), so a connection lives from one target to the next only while the engine counts it in use.
/// </summary>
public class HostConnectionTests
{
    private static async Task<(LoopbackServer Server, ConcurrentDictionary<string, int> Connections)> ServerAsync()
    {
        var connections = new ConcurrentDictionary<string, int>();
        var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/page/{n}", (int n, HttpContext c) =>
            {
                connections.AddOrUpdate(c.Connection.Id, 1, (_, served) => served + 1);
                return $"v {n}";
            }));
        return (server, connections);
    }

    private static List<Gleaner.Targets.Target> Pages(LoopbackServer server, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Page(new Uri($"http://h0.test:{server.BaseUri.Port}/page/{i}")))];

    [Fact]
    public async Task RunAsync_LaneGoesStraightToItsNextTarget_KeepsTheHostsConnection()
    {
        // Between two targets a lane records the first, and recording waits its turn behind every other lane's: at
        // 5,000 lanes, all of a host's lanes can be recording at once, and a host whose connections were closed as
        // idle then had to open them again, a second wave of connections behind the first.
        var (server, connections) = await ServerAsync();
        await using var _ = server;
        using var fetcher = LoopbackFetcher(maxIdle: 0);
        var engine = new RunEngine(fetcher, new RunSettings { Concurrency = 4, PerHostConcurrency = 1, Retries = 0, RespectRobots = false });
        var records = new ConcurrentBag<RunRecord>();

        await engine.RunAsync(Pages(server, 3), async (record, ct) =>
        {
            // The output takes its time, as a shared one does.
            await Task.Yield();
            records.Add(record);
        }, cancellationToken: Ct);

        Assert.Equal(3, records.Count(r => r.Result.Outcome == Outcome.Ok));
        Assert.Equal([3], connections.Values);
        Assert.Equal(0, fetcher.Connections.OpenCount);
    }

    [Fact]
    public async Task RunAsync_LaneWaitsForTheHostsDelay_LetsItsConnectionGoIdle()
    {
        // While a lane waits (the host's delay, a slot, a retry) its host's connections are idle like any others,
        // so the fetcher's bound on idle connections holds for hosts that wait: here none is kept.
        var (server, connections) = await ServerAsync();
        await using var _ = server;
        using var fetcher = LoopbackFetcher(maxIdle: 0);
        var time = new SignallingTime(new FakeTimeProvider());
        var engine = new RunEngine(fetcher, new RunSettings
        {
            Concurrency = 4, PerHostConcurrency = 1, PerHostDelay = TimeSpan.FromSeconds(1), Retries = 0, RespectRobots = false,
        }, time);

        var run = RunAll(engine, Pages(server, 2));
        // The only timer of this run is the host's delay before the second target; the lane lets go of the
        // connection just after making it, on its own thread.
        await time.TimerCreated.Task.WaitAsync(Ct);
        var closedWhileWaiting = SpinWait.SpinUntil(() => fetcher.Connections.OpenCount == 0, TimeSpan.FromSeconds(10));
        time.Fake.Advance(TimeSpan.FromSeconds(1));
        var records = await run;

        Assert.True(closedWhileWaiting, "the host's connection stayed open while its lane waited for the host's delay");
        Assert.Equal(2, records.Count(r => r.Result.Outcome == Outcome.Ok));
        Assert.Equal([1, 1], connections.Values);
    }

    /// <summary>The fake clock, telling when a timer is made (the host's delay has begun).</summary>
    private sealed class SignallingTime(FakeTimeProvider fake) : TimeProvider
    {
        public FakeTimeProvider Fake { get; } = fake;

        public TaskCompletionSource TimerCreated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

        public override long GetTimestamp() => Fake.GetTimestamp();

        public override long TimestampFrequency => Fake.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = Fake.CreateTimer(callback, state, dueTime, period);
            TimerCreated.TrySetResult();
            return timer;
        }
    }
}
