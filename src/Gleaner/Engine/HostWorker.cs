using Gleaner.Fetching;
using Gleaner.Records;
using Gleaner.Targets;
using Polly.CircuitBreaker;

namespace Gleaner.Engine;

/// <summary>
/// One host key's targets in a run: a few lanes (the host's concurrency) take them in turn, each through robots.txt,
/// the host's slot, the run's fetch bound, the host's circuit breaker and retries. Everything the host needs lives
/// here and goes when it is done, its idle connections included, so a run's memory and descriptors do not grow with
/// the number of hosts.
/// </summary>
internal sealed class HostWorker(Run run, string key, IEnumerable<(int Index, Target Target)> targets) : IDisposable
{
    private readonly Queue<(int Index, Target Target)> _queue = new(targets);
    private readonly HostSlot _slot = new(key, run.Settings.PerHostConcurrency, run.Settings.PerHostDelay, run.Settings.Jitter, run.Time);
    private readonly HostBreaker _breaker = new(run.Time);

    public async Task RunAsync()
    {
        // Each distinct origin once, to close its connections when the host is done.
        var origins = _queue.Select(t => t.Target.Url).DistinctBy(u => u.GetLeftPart(UriPartial.Authority)).ToList();
        try
        {
            var lanes = new Task[Math.Min(run.Settings.PerHostConcurrency, _queue.Count)];
            for (var i = 0; i < lanes.Length; i++)
            {
                lanes[i] = LaneAsync();
            }

            await Task.WhenAll(lanes);
        }
        finally
        {
            foreach (var origin in origins)
            {
                run.Fetcher.CloseIdleConnections(origin);
            }
        }
    }

    private async Task LaneAsync()
    {
        var hold = new ConnectionHold();
        try
        {
            while (!run.Halt.IsCancellationRequested)
            {
                (int Index, Target Target) next;
                lock (_queue)
                {
                    if (!_queue.TryDequeue(out next))
                    {
                        return;
                    }
                }

                // Null: the run was halted before the target started; it stays out of the outputs, and a resumed run
                // fetches it.
                if (await RunTargetAsync(next.Index, next.Target, hold) is not { } record || !await run.RecordAsync(record))
                {
                    return;
                }
            }
        }
        finally
        {
            hold.Release();
        }
    }

    private async Task<RunRecord?> RunTargetAsync(int index, Target target, ConnectionHold hold)
    {
        var attempts = 0;
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

                redirectCheck = (next, ct) => CheckRedirectAsync(next, target.Limits, ct);
            }

            var maxAttempts = (target.Retries ?? run.Settings.Retries) + 1;
            while (true)
            {
                TargetResult result;
                try
                {
                    result = await _breaker.Pipeline.ExecuteAsync(
                        static (state, ct) => new ValueTask<TargetResult>(state.Worker.AttemptAsync(state.Target, state.Check, state.Hold, ct)),
                        (Worker: this, Target: target, Check: redirectCheck, Hold: hold),
                        run.Halt);
                    attempts++;
                }
                catch (BrokenCircuitException)
                {
                    // The host is down: end here, without the retries meant for a passing fault.
                    return Record(index, target, FailFast(target), attempts);
                }

                _breaker.Observe(result);
                last = result;
                if (RetryDelays.Next(result, attempts, maxAttempts, run.Settings.MaxRetryAfter) is not { } wait)
                {
                    return Record(index, target, result, attempts);
                }

                hold.Release();
                await Task.Delay(wait, run.Time, run.Halt);
            }
        }
        catch (OperationCanceledException) when (run.Halt.IsCancellationRequested)
        {
            // Stopped while waiting for robots.txt, a slot or a retry: a target that made an attempt ends with it.
            return last is null ? null : Record(index, target, last, attempts);
        }
        catch (Exception e)
        {
            // A bug of Gleaner's on this target: it still ends as a record, named as such, and the run goes on.
            var error = $"{e.GetType().Name}: {e.Message}";
            var result = TargetResult.NotFetched(target, Outcome.Internal, error, run.Time.GetUtcNow());
            return Record(index, target, result with { Fetch = result.Fetch with { Exception = e } }, attempts);
        }
    }

    public void Dispose() => _slot.Dispose();

    private static RunRecord Record(int index, Target target, TargetResult result, int attempts) =>
        new(index, RunRecord.KeyFor(index, target), result, attempts);

    /// <summary>The result that ends the target before a fetch, when robots.txt refuses it; null when it may go.</summary>
    private async Task<TargetResult?> RobotsAsync(Target target)
    {
        var answer = await run.Robots.GetAsync(target.Url, target.Limits, EnterAsync, run.Halt);
        if (answer.Local is { } local)
        {
            return TargetResult.NotFetched(target, local, $"robots.txt of {answer.Origin} could not be fetched: {answer.Error}", run.Time.GetUtcNow());
        }

        if (answer.Rules.CrawlDelay(RobotsCache.ProductToken) is { } crawlDelay)
        {
            _slot.RaiseDelay(crawlDelay < RunEngine.MaxCrawlDelay ? crawlDelay : RunEngine.MaxCrawlDelay);
        }

        return answer.Denial(target.Url) is { } denial
            ? TargetResult.NotFetched(target, Outcome.RobotsDenied, denial, run.Time.GetUtcNow())
            : null;
    }

    // A redirect to another origin asks that origin's robots.txt. It runs inside the fetch, which holds its slot.
    private async ValueTask<FetchFailure?> CheckRedirectAsync(Uri next, FetchLimits limits, CancellationToken cancellationToken)
    {
        var answer = await run.Robots.GetAsync(next, limits, enter: null, cancellationToken);
        if (answer.Local is { } local)
        {
            return new FetchFailure(local, $"redirect to {next}: robots.txt of {answer.Origin} could not be fetched: {answer.Error}");
        }

        return answer.Denial(next) is { } denial ? new FetchFailure(Outcome.RobotsDenied, $"redirect to {next}: {denial}") : null;
    }

    private async Task<TargetResult> AttemptAsync(Target target, RedirectCheck? redirectCheck, ConnectionHold hold, CancellationToken cancellationToken)
    {
        // A lane that goes straight on from its last target keeps that target's connections in use; one that has to
        // wait for a slot or the host's delay leaves them idle meanwhile (ConnectionHold).
        var entering = EnterAsync(cancellationToken);
        if (!entering.IsCompleted)
        {
            hold.Release();
        }

        using (await entering)
        {
            hold.Replace(run.Fetcher.UseConnections(target.Url));
            // In-flight fetches are not cancelled by the run's stop: each is bounded by its own deadline.
            return await run.Runner.RunAsync(target, redirectCheck, CancellationToken.None);
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

        var slots = new Slots(run.FetchSlots, _slot);
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

    private sealed class Slots(SemaphoreSlim fetchSlots, HostSlot hostSlot) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                fetchSlots.Release();
                hostSlot.Release();
            }
        }
    }
}
