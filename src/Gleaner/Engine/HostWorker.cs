using System.Runtime.CompilerServices;
using Gleaner.Fetching;
using Gleaner.Records;
using Gleaner.Targets;
using Polly.CircuitBreaker;

namespace Gleaner.Engine;

/// <summary>
/// One host key's targets: a few lanes (the host's concurrency) take them in turn, each through robots.txt, the
/// host's slot, the run's fetch bound, the host's circuit breaker and retries. Lanes start as targets arrive and end
/// when none are left, so a worker can be fed for as long as it lives (a watch keeps one per host; a batch run feeds
/// its host's targets at once and waits for <see cref="WhenIdle"/>). Everything the host needs lives here and goes
/// when the worker does.
/// </summary>
internal sealed class HostWorker(Run run, string key) : IDisposable
{
    private readonly Queue<HostItem> _queue = new();
    private readonly HostSlot _slot = new(key, run.Settings.PerHostConcurrency, run.Settings.PerHostDelay, run.Settings.Jitter, run.Time);
    private readonly HostBreaker _breaker = new(run.Time, key, run.Log);
    private readonly bool _counted = EngineMetrics.HostStarted();
    private TaskCompletionSource _idle = Idle();
    private int _lanes;
    private int _disposed;

    /// <summary>Targets waiting for a lane, and lanes at work.</summary>
    public int Pending
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count + _lanes;
            }
        }
    }

    /// <summary>Completes when no target is waiting and no lane is at work (at once when that is so now).</summary>
    public Task WhenIdle
    {
        get
        {
            lock (_queue)
            {
                return _idle.Task;
            }
        }
    }

    /// <summary>Queues <paramref name="items"/> and starts lanes for them, up to the host's concurrency.</summary>
    public void Enqueue(IEnumerable<HostItem> items)
    {
        var start = 0;
        lock (_queue)
        {
            foreach (var item in items)
            {
                _queue.Enqueue(item);
            }

            start = Math.Min(_queue.Count, run.Settings.PerHostConcurrency - _lanes);
            if (start > 0 && _lanes == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _lanes += Math.Max(start, 0);
        }

        for (var i = 0; i < start; i++)
        {
            _ = LaneAsync();
        }
    }

    /// <summary>Closes the idle connections of <paramref name="origins"/>: the run is done with this host.</summary>
    public void CloseConnections(IEnumerable<Uri> origins)
    {
        foreach (var origin in origins)
        {
            run.Fetcher.CloseIdleConnections(origin);
        }
    }

    private static TaskCompletionSource Idle()
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        idle.SetResult();
        return idle;
    }

    private async Task LaneAsync()
    {
        var hold = new ConnectionHold();
        try
        {
            while (!run.Halt.IsCancellationRequested)
            {
                HostItem next;
                lock (_queue)
                {
                    if (!_queue.TryDequeue(out next))
                    {
                        break;
                    }
                }

                // Null: the run was halted before the target started; it stays out of the outputs, and a resumed run
                // fetches it.
                if (await RunTargetAsync(next, hold) is not { } record || !await run.RecordAsync(record))
                {
                    break;
                }
            }
        }
        catch (Exception e)
        {
            run.Fail(e);
        }
        finally
        {
            hold.Release();
            LaneEnded();
        }
    }

    private void LaneEnded()
    {
        TaskCompletionSource? idle = null;
        lock (_queue)
        {
            if (--_lanes == 0)
            {
                // Halted: what is still queued never starts.
                if (run.Halt.IsCancellationRequested)
                {
                    _queue.Clear();
                }

                if (_queue.Count == 0)
                {
                    idle = _idle;
                }
                else
                {
                    // A target arrived as the last lane was leaving: it needs a lane.
                    _lanes++;
                    _ = LaneAsync();
                }
            }
        }

        idle?.TrySetResult();
    }

    private async Task<RunRecord?> RunTargetAsync(HostItem item, ConnectionHold hold)
    {
        var (index, target, _, _) = item;
        var attempts = 0;
        var started = new StrongBox<DateTimeOffset?>();
        TargetResult? last = null;
        try
        {
            RedirectCheck? redirectCheck = null;
            if (run.Settings.RespectRobots)
            {
                if (await RobotsAsync(target) is { } refused)
                {
                    return Record(index, target, refused, attempts: 0);
                }

                redirectCheck = (next, ct) => run.Robots.CheckRedirectAsync(next, target, ct);
            }

            // A POST that failed on the way back may have been carried out: only a target that says so is sent twice.
            var maxAttempts = target.IsRetrySafe ? (target.Retries ?? run.Settings.Retries) + 1 : 1;
            while (true)
            {
                TargetResult result;
                try
                {
                    result = await _breaker.Pipeline.ExecuteAsync(
                        static (state, ct) => new ValueTask<TargetResult>(state.Worker.AttemptAsync(state.Item, state.Check, state.Hold, state.Started, ct)),
                        (Worker: this, Item: item, Check: redirectCheck, Hold: hold, Started: started),
                        run.Halt);
                    attempts++;
                }
                catch (BrokenCircuitException)
                {
                    // The host is down: end here, without the retries meant for a passing fault.
                    return Record(index, target, FailFast(target), attempts, started.Value);
                }

                _breaker.Observe(result);
                last = result;
                if (RetryDelays.Next(result, attempts, maxAttempts, run.Settings.MaxRetryAfter) is not { } wait)
                {
                    PushBackIfAsked(result);
                    return Record(index, target, result, attempts, started.Value);
                }

                EngineMetrics.Retry(result.Outcome);
                EngineLog.RetryScheduled(run.Log, target.Name, key, attempts, wait, result.Outcome);

                hold.Release();
                await Task.Delay(wait, run.Time, run.Halt);
            }
        }
        catch (OperationCanceledException) when (run.Halt.IsCancellationRequested)
        {
            // Stopped while waiting for robots.txt, a slot or a retry: a target that made an attempt ends with it.
            return last is null ? null : Record(index, target, last, attempts, started.Value);
        }
        catch (Exception e)
        {
            // A bug of Gleaner's on this target: it still ends as a record, named as such, and the run goes on.
            var error = $"{e.GetType().Name}: {e.Message}";
            var result = TargetResult.NotFetched(target, Outcome.Internal, error, run.Time.GetUtcNow());
            return Record(index, target, result with { Fetch = result.Fetch with { Exception = e } }, attempts, started.Value);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            EngineMetrics.HostEvicted(_counted);
        }

        _slot.Dispose();
    }

    private static RunRecord Record(int index, Target target, TargetResult result, int attempts, DateTimeOffset? started = null) =>
        new(index, RunRecord.KeyFor(index, target), result, attempts) { Started = started };

    /// <summary>The result that ends the target before a fetch, when robots.txt refuses it; null when it may go.</summary>
    private async Task<TargetResult?> RobotsAsync(Target target)
    {
        var answer = await run.Robots.GetAsync(target.Url, target.Limits, RobotsIdentity.AgentFor(target, target.Url), target.Connection, EnterAsync, run.Halt);
        if (answer.Local is { } local)
        {
            return TargetResult.NotFetched(target, local, $"robots.txt of {answer.Origin} could not be fetched: {answer.Error}", run.Time.GetUtcNow());
        }

        if (answer.Rules.CrawlDelay(answer.Agent) is { } crawlDelay)
        {
            _slot.RaiseDelay(crawlDelay < RunEngine.MaxCrawlDelay ? crawlDelay : RunEngine.MaxCrawlDelay);
        }

        return answer.Denial(target.Url) is { } denial
            ? TargetResult.NotFetched(target, Outcome.RobotsDenied, denial, run.Time.GetUtcNow())
            : null;
    }

    // A redirect to another origin asks that origin's robots.txt. It runs inside the fetch, which holds its slot.
    // A watch comes back to its hosts: one that answered 429 or 503 gets the time it asked for (Retry-After, else
    // the watch's default) before its next target starts, never less. A batch run's retries already waited.
    private void PushBackIfAsked(TargetResult result)
    {
        if (run.HostPushBack is not { } push || result.Fetch.Status is not (429 or 503))
        {
            return;
        }

        var wait = result.Fetch.RetryAfter is { } asked && asked > push.Default ? asked : push.Default;
        var until = run.Time.GetUtcNow() + (wait < push.Max ? wait : push.Max);
        _slot.PushBack(until);
        EngineMetrics.PushedBack(result.Fetch.Status.Value);
        EngineLog.HostPushedBack(run.Log, key, result.Fetch.Status.Value, until);
    }

    private async Task<TargetResult> AttemptAsync(HostItem item, RedirectCheck? redirectCheck, ConnectionHold hold, StrongBox<DateTimeOffset?> started, CancellationToken cancellationToken)
    {
        var target = item.Target;
        // A lane that goes straight on from its last target keeps that target's connections in use; one that has to
        // wait for a slot or the host's delay leaves them idle meanwhile (ConnectionHold).
        var entering = EnterAsync(cancellationToken);
        if (!entering.IsCompleted)
        {
            hold.Release();
        }

        using (await entering)
        {
            started.Value ??= run.Time.GetUtcNow();
            hold.Replace(run.Fetcher.UseConnections(target.Url));
            // In-flight fetches are not cancelled by the run's stop: each is bounded by its own deadline.
            return await run.Runner.RunAsync(target, item.Conditional, redirectCheck, item.Cookies, CancellationToken.None);
        }
    }

    /// <summary>
    /// Takes this host's slot, then one of the run's fetch slots; dispose the result to give both back. Throws
    /// <see cref="OperationCanceledException"/> when the run halts first, even just after both were taken: once
    /// stopped, nothing new leaves the process.
    /// </summary>
    private async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slot.EnterAsync(cancellationToken);
        try
        {
            await run.FetchSlots.WaitAsync(cancellationToken);
        }
        catch
        {
            _slot.Release();
            throw;
        }

        var slots = new Slots(run.FetchSlots, _slot, key, EngineMetrics.SlotTaken(key));
        if (cancellationToken.IsCancellationRequested)
        {
            slots.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return slots;
    }

    private TargetResult FailFast(Target target)
    {
        var lastDown = _breaker.LastDown;
        var outcome = lastDown?.Outcome ?? Outcome.ConnectRefused;
        return TargetResult.NotFetched(target, outcome,
            $"not fetched: {key} is down ({outcome.ToName()}: {lastDown?.Error}); its circuit breaker is open",
            run.Time.GetUtcNow());
    }

    private sealed class Slots(SemaphoreSlim fetchSlots, HostSlot hostSlot, string host, bool counted) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                fetchSlots.Release();
                hostSlot.Release();
                EngineMetrics.SlotReleased(counted, host);
            }
        }
    }
}
