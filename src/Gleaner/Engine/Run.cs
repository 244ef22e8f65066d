using System.Runtime.ExceptionServices;
using Gleaner.Fetching;
using Gleaner.Fetching.Cookies;
using Gleaner.Records;
using Gleaner.Targets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gleaner.Engine;

/// <summary>
/// One run of <see cref="RunEngine"/>: its targets grouped by host key, a <see cref="HostWorker"/> per host started as
/// room allows, the global bound on fetches in flight, and the robots.txt answers. Ends when every started host is
/// done; a failure of the output (or of the engine itself) stops it and is rethrown.
/// </summary>
internal sealed class Run : IDisposable
{
    private readonly CancellationTokenSource _failed;
    private readonly CancellationTokenSource _halt;
    private readonly Func<RunRecord, CancellationToken, ValueTask> _output;
    private Exception? _firstFailure;

    public Run(
        Fetcher fetcher, TargetRunner runner, RunSettings settings, TimeProvider time,
        Func<RunRecord, CancellationToken, ValueTask> output, CancellationToken stop, CancellationToken abandoned,
        ILogger? log = null)
    {
        Log = log ?? NullLogger.Instance;
        Fetcher = fetcher;
        Runner = runner;
        Settings = settings;
        Time = time;
        Stop = stop;
        _output = output;
        // A fetch in flight holds a socket: more fetch slots than the fetcher may open sockets would only turn the
        // excess into local_limit failures.
        var slots = Math.Min(settings.Concurrency, fetcher.Connections.MaxSockets);
        FetchSlots = new SemaphoreSlim(slots, slots);
        Robots = new RobotsCache(fetcher, time, log: Log);
        // _failed fires when the caller abandons the run or it fails (the output, a bug): then even records of
        // fetches in flight have nowhere to go. _halt fires besides on the caller's stop, after which those records
        // are still written.
        _failed = CancellationTokenSource.CreateLinkedTokenSource(abandoned);
        _halt = CancellationTokenSource.CreateLinkedTokenSource(stop, _failed.Token);
    }

    public Fetcher Fetcher { get; }

    public TargetRunner Runner { get; }

    public RunSettings Settings { get; }

    public TimeProvider Time { get; }

    /// <summary>Where retries, breaker changes, push-backs and unreachable robots.txt files are told.</summary>
    public ILogger Log { get; }

    /// <summary>The caller's stop: nothing new starts once it fires; what is in flight finishes.</summary>
    public CancellationToken Stop { get; }

    /// <summary>Fires when no new work may start: on <see cref="Stop"/>, or when the run failed or was abandoned.</summary>
    public CancellationToken Halt => _halt.Token;

    /// <summary>The global bound on fetches in flight (robots.txt included).</summary>
    public SemaphoreSlim FetchSlots { get; }

    public RobotsCache Robots { get; }

    /// <summary>
    /// How long a host that answered 429 or 503 is left alone before its next target (a watch's setting): at least
    /// its Retry-After or the default, at most the max. Null for a batch run, whose retries wait instead.
    /// </summary>
    public (TimeSpan Default, TimeSpan Max)? HostPushBack { get; init; }

    public async Task DriveAsync(IReadOnlyList<Target> targets, IReadOnlySet<string> done, Func<Uri, string> hostKey)
    {
        var hosts = targets
            .Select((target, index) => (Index: index, Target: target))
            .Where(t => done.Count == 0 || !done.Contains(RunRecord.KeyFor(t.Index, t.Target)))
            .GroupBy(t => hostKey(t.Target.Url))
            .ToList();

        // Hosts start as room allows, so a run of 100,000 hosts does not hold 100,000 waiting workers; the room is
        // well above the fetch bound, so a few slow hosts cannot hold the others back. Workers are not kept once
        // done (a finished host leaves nothing behind), so completion is counted instead.
        using var hostRoom = new SemaphoreSlim(Settings.Concurrency * 4);
        var running = 1;
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < hosts.Count; i++)
        {
            try
            {
                await hostRoom.WaitAsync(Halt);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var host = hosts[i];
            hosts[i] = null!;
            Interlocked.Increment(ref running);
            _ = WorkAsync(host.Key, host);
        }

        Finished();
        await allDone.Task;
        if (Volatile.Read(ref _firstFailure) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        async Task WorkAsync(string key, IEnumerable<(int Index, Target Target)> queue)
        {
            try
            {
                using var worker = new HostWorker(this, key);
                // A target that keeps cookies has a jar of its own for the run: targets run in no set order, so one
                // shared between them would make a result depend on which ran first.
                var items = queue.Select(t => new HostItem(t.Index, t.Target, Cookies: t.Target.Cookies ? new CookieJar(Time) : null)).ToList();
                worker.Enqueue(items);
                await worker.WhenIdle;
                // Each distinct origin once: the run is done with this host, so its idle connections go.
                worker.CloseConnections(items.Select(t => t.Target.Url).DistinctBy(u => u.GetLeftPart(UriPartial.Authority)));
            }
            catch (Exception e)
            {
                Fail(e);
            }
            finally
            {
                hostRoom.Release();
                Finished();
            }
        }

        void Finished()
        {
            if (Interlocked.Decrement(ref running) == 0)
            {
                allDone.TrySetResult();
            }
        }
    }

    /// <summary>The first failure of the run (its output, a bug), once there is one.</summary>
    public Exception? Failure => Volatile.Read(ref _firstFailure);

    /// <summary>Hands a finished target's record to the output; a failing output ends the run.</summary>
    public async ValueTask<bool> RecordAsync(RunRecord record)
    {
        try
        {
            await _output(record, _failed.Token);
            return true;
        }
        catch (Exception e)
        {
            Fail(e);
            return false;
        }
    }

    /// <summary>Records the run's first failure and stops it from starting anything more.</summary>
    public void Fail(Exception e)
    {
        Interlocked.CompareExchange(ref _firstFailure, e, null);
        try
        {
            _failed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run is over.
        }
    }

    public void Dispose()
    {
        FetchSlots.Dispose();
        _halt.Dispose();
        _failed.Dispose();
    }
}
