using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Gleaner.Fetching;
using Gleaner.Records;
using Gleaner.Targets;
using Polly.CircuitBreaker;

namespace Gleaner.Engine;

/// <summary>
/// Runs many targets concurrently and streams each finished one as a <see cref="RunRecord"/>, in the order they
/// finish. One global bound on fetches in flight; per-host slots for politeness; retries with backoff; robots.txt;
/// a per-host circuit breaker. A target waiting on a slow or silent server holds only its own host lane and its
/// own fetch slot: other hosts keep flowing.
/// </summary>
public sealed class RunEngine
{
    private readonly Fetcher _fetcher;
    private readonly TargetRunner _runner;
    private readonly RunSettings _settings;
    private readonly TimeProvider _time;
    private readonly Func<Uri, string> _hostKey;

    /// <summary>Creates an engine over <paramref name="fetcher"/> (share one per process: it holds the connection pools).</summary>
    public RunEngine(Fetcher fetcher, RunSettings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _fetcher = fetcher;
        _settings = settings.Validate();
        _time = time ?? TimeProvider.System;
        _runner = new TargetRunner(fetcher, _time);
        _hostKey = HostKeys.For(settings.KeyByRegistrableDomain);
    }

    /// <summary>
    /// Runs <paramref name="targets"/>, skipping those whose <see cref="RunRecord.KeyFor"/> is in
    /// <paramref name="done"/> (a resumed run), and yields each record as its target finishes. When
    /// <paramref name="cancellationToken"/> fires, no new target starts; those in flight end as they end (their
    /// own deadlines bound them) and are still yielded.
    /// </summary>
    public async IAsyncEnumerable<RunRecord> RunAsync(
        IReadOnlyList<Target> targets,
        IReadOnlySet<string>? done = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        // Bounded: when the consumer (an output, a slow disk) falls behind, lanes wait instead of finished
        // records piling up in memory.
        var records = Channel.CreateBounded<RunRecord>(new BoundedChannelOptions(Math.Max(64, _settings.Concurrency)) { SingleReader = true });
        // Cancelled when the caller stops reading early, so lanes blocked on a full channel give up.
        using var abandoned = new CancellationTokenSource();
        var driver = RunCoreAsync(targets, done, (record, ct) => records.Writer.WriteAsync(record, ct), cancellationToken, abandoned.Token)
            .ContinueWith(run => records.Writer.Complete(run.Exception?.InnerException), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        try
        {
            await foreach (var record in records.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return record;
            }
        }
        finally
        {
            await abandoned.CancelAsync();
            await driver;
        }
    }

    /// <summary>
    /// Runs <paramref name="targets"/> as the other overload does, handing each record to <paramref name="onRecord"/>
    /// on the thread that finished it, as it finishes: no hand-off to a reader. Calls may overlap, one per lane, so
    /// <paramref name="onRecord"/> must be thread-safe. When it throws, the run starts no new target (a lane busy at
    /// that moment still finishes, and reports, the one in hand) and ends with that exception.
    /// </summary>
    public Task RunAsync(
        IReadOnlyList<Target> targets,
        Func<RunRecord, CancellationToken, ValueTask> onRecord,
        IReadOnlySet<string>? done = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(onRecord);
        return RunCoreAsync(targets, done, onRecord, cancellationToken, CancellationToken.None);
    }

    private async Task RunCoreAsync(
        IReadOnlyList<Target> targets,
        IReadOnlySet<string>? done,
        Func<RunRecord, CancellationToken, ValueTask> onRecord,
        CancellationToken stop,
        CancellationToken abandoned)
    {
        // Cancelled, besides, when onRecord fails: the run then starts nothing more.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(abandoned);
        using var run = new Run(this, onRecord, failed, stop);
        await run.DriveAsync(targets, done ?? new HashSet<string>());
    }

    /// <summary>The state of one run: its queues per host, slots, breakers and robots cache.</summary>
    private sealed class Run(RunEngine engine, Func<RunRecord, CancellationToken, ValueTask> output, CancellationTokenSource failed, CancellationToken stop) : IDisposable
    {
        private readonly SemaphoreSlim _fetchSlots = new(engine._settings.Concurrency, engine._settings.Concurrency);
        private readonly HostBreakers _breakers = new(engine._time);
        private readonly RobotsCache _robots = new(engine._fetcher);
        private readonly CancellationToken _abandoned = failed.Token;
        private Exception? _firstFailure;

        public async Task DriveAsync(IReadOnlyList<Target> targets, IReadOnlySet<string> done)
        {
            var hosts = targets
                .Select((target, index) => (index, target))
                .Where(t => done.Count == 0 || !done.Contains(RunRecord.KeyFor(t.index, t.target)))
                .GroupBy(t => engine._hostKey(t.target.Url))
                .ToList();

            // Hosts are started as room allows, so a run of 100,000 hosts does not hold 100,000 waiting tasks;
            // the room is well above the fetch bound, so a few slow hosts cannot hold the others back.
            using var hostRoom = new SemaphoreSlim(engine._settings.Concurrency * 4);
            var workers = new List<Task>();
            foreach (var host in hosts)
            {
                await hostRoom.WaitAsync(CancellationToken.None);
                if (stop.IsCancellationRequested || _abandoned.IsCancellationRequested)
                {
                    hostRoom.Release();
                    break;
                }

                workers.Add(RunHostAsync(host.Key, new Queue<(int, Target)>(host)).ContinueWith(_ => hostRoom.Release(), TaskScheduler.Default));
            }

            await Task.WhenAll(workers);
            if (_firstFailure is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }

        public void Dispose() => _fetchSlots.Dispose();

        private async Task RunHostAsync(string hostKey, Queue<(int Index, Target Target)> queue)
        {
            var settings = engine._settings;
            using var slot = new HostSlot(hostKey, settings.PerHostConcurrency, settings.PerHostDelay, settings.Jitter, engine._time);
            var breaker = _breakers.For(hostKey);
            var lanes = Enumerable.Range(0, Math.Min(settings.PerHostConcurrency, queue.Count)).Select(async _ =>
            {
                while (!stop.IsCancellationRequested && !_abandoned.IsCancellationRequested)
                {
                    (int Index, Target Target) next;
                    lock (queue)
                    {
                        if (!queue.TryDequeue(out next))
                        {
                            return;
                        }
                    }

                    var record = await RunTargetAsync(next.Index, next.Target, slot, breaker);
                    try
                    {
                        await output(record, _abandoned);
                    }
                    catch (Exception e)
                    {
                        // The first failure ends the run; lanes still running finish their target and stop.
                        Interlocked.CompareExchange(ref _firstFailure, e, null);
                        await failed.CancelAsync();
                        return;
                    }
                }
            });
            await Task.WhenAll(lanes);
        }

        private async Task<RunRecord> RunTargetAsync(int index, Target target, HostSlot slot, HostBreakers.Breaker breaker)
        {
            var key = RunRecord.KeyFor(index, target);
            if (engine._settings.RespectRobots && await RobotsDenyAsync(target, slot) is { } denied)
            {
                return new RunRecord(index, key, denied, Attempts: 0);
            }

            var maxAttempts = (target.Retries ?? engine._settings.Retries) + 1;
            var attempts = 0;
            while (true)
            {
                TargetResult result;
                try
                {
                    result = await breaker.Pipeline.ExecuteAsync(
                        static (state, ct) => new ValueTask<TargetResult>(state.Run.AttemptAsync(state.Target, state.Slot, ct)),
                        (Run: this, Target: target, Slot: slot),
                        CancellationToken.None);
                    attempts++;
                }
                catch (BrokenCircuitException)
                {
                    // The host is down: end here, without the retries meant for a passing fault.
                    return new RunRecord(index, key, FailFast(target, slot.Key, breaker.LastDown), attempts);
                }

                breaker.Observe(result);
                var delay = RetryDelays.Next(result, attempts, maxAttempts, engine._settings.MaxRetryAfter);
                if (delay is not { } wait || stop.IsCancellationRequested)
                {
                    return new RunRecord(index, key, result, attempts);
                }

                await Task.Delay(wait, engine._time, CancellationToken.None);
            }
        }

        private async Task<TargetResult> AttemptAsync(Target target, HostSlot slot, CancellationToken cancellationToken)
        {
            await slot.EnterAsync(cancellationToken);
            try
            {
                await _fetchSlots.WaitAsync(cancellationToken);
                try
                {
                    // In-flight fetches are not cancelled by the run's stop: each is bounded by its own deadline.
                    return await engine._runner.RunAsync(target, CancellationToken.None);
                }
                finally
                {
                    _fetchSlots.Release();
                }
            }
            finally
            {
                slot.Release();
            }
        }

        private async Task<TargetResult?> RobotsDenyAsync(Target target, HostSlot slot)
        {
            var robots = await _robots.GetAsync(target.Url, target.Limits, CancellationToken.None);
            if (robots.CrawlDelay(RobotsCache.ProductToken) is { } crawlDelay)
            {
                slot.RaiseDelay(crawlDelay < MaxCrawlDelay ? crawlDelay : MaxCrawlDelay);
            }

            if (robots.IsAllowed(RobotsCache.ProductToken, target.Url.PathAndQuery))
            {
                return null;
            }

            return TargetResult.NotFetched(target, Outcome.RobotsDenied,
                $"robots.txt of {target.Url.GetLeftPart(UriPartial.Authority)} disallows {target.Url.PathAndQuery} for {RobotsCache.ProductToken}",
                engine._time.GetUtcNow());
        }

        private TargetResult FailFast(Target target, string hostKey, TargetResult? lastDown)
        {
            var outcome = lastDown?.Outcome ?? Outcome.ConnectRefused;
            return TargetResult.NotFetched(target, outcome,
                $"not fetched: {hostKey} is down ({outcome.ToName()}: {lastDown?.Error}); its circuit breaker is open",
                engine._time.GetUtcNow());
        }
    }

    /// <summary>The longest robots.txt Crawl-delay honoured; a site asking for more gets this.</summary>
    public static readonly TimeSpan MaxCrawlDelay = TimeSpan.FromSeconds(60);
}
