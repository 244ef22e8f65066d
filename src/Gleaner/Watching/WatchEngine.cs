using System.Runtime.ExceptionServices;
using Gleaner.Engine;
using Gleaner.Fetching;
using Gleaner.Fetching.Cookies;
using Gleaner.Records;
using Gleaner.Storage;
using Gleaner.Targets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gleaner.Watching;

/// <summary>
/// Samples targets on their schedules for as long as it runs, keeps every sample in an <see cref="ISampleStore"/>,
/// and tells when values change. The politeness of a batch run holds across the whole watch: one global bound on
/// fetches in flight, per-host lanes and delay, robots.txt (asked again daily), the host's circuit breaker, and a host
/// that answers 429 or 503 is left alone for as long as it asks. A target has at most one sample in flight; a sample
/// that comes due while the last is still being taken (or after the process was down) is taken once, late, and the
/// schedule goes on from the next due time after it, without a burst of catch-up fetches.
/// </summary>
public sealed class WatchEngine
{
    /// <summary>How long a host that answered 429 or 503 without a Retry-After is left alone.</summary>
    public static readonly TimeSpan DefaultPushBack = TimeSpan.FromSeconds(60);

    /// <summary>The longest a host's Retry-After holds its samples back.</summary>
    public static readonly TimeSpan MaxPushBack = TimeSpan.FromHours(24);

    private readonly Fetcher _fetcher;
    private readonly RunSettings _settings;
    private readonly ISampleStore _store;
    private readonly TimeProvider _time;
    private readonly TargetRunner _runner;
    private readonly Func<Uri, string> _hostKey;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WatchEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TargetState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _baselines = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(WatchEntry Entry, int Generation), DateTimeOffset> _due = new();
    private readonly Dictionary<int, WatchEntry> _inFlight = [];
    private readonly Dictionary<string, HostWorker> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _parked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TimeSpan? _defaultKeep;
    private int _nextSample;
    private long _taken;
    private long _late;
    private ILogger _log = NullLogger.Instance;
    private SampleBatcher? _writer;

    /// <summary>A watch over <paramref name="fetcher"/> (share one per process) writing to <paramref name="store"/>.</summary>
    public WatchEngine(Fetcher fetcher, RunSettings settings, ISampleStore store, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(store);
        _fetcher = fetcher;
        _settings = settings.Validate();
        _store = store;
        _time = time ?? TimeProvider.System;
        _runner = new TargetRunner(fetcher, _time);
        _hostKey = HostKeys.For(settings.KeyByRegistrableDomain);
    }

    /// <summary>
    /// Called for every sample taken, on the thread that took it, after its state was updated and before it is
    /// written: for live displays and notifications. Must be quick and must not throw.
    /// </summary>
    public Action<Target, Sample, TargetState, TargetState>? SampleTaken { get; init; }

    /// <summary>
    /// Where the watch tells of late samples, a store that cannot be written, retries, circuit breaker changes,
    /// hosts pushed back and unreachable robots.txt files (category <c>Gleaner.Watching.WatchEngine</c>); none when null.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Samples taken since the watch started.</summary>
    public long Taken => Interlocked.Read(ref _taken);

    /// <summary>Samples that started more than a second after they were due.</summary>
    public long Late => Interlocked.Read(ref _late);

    /// <summary>Every watched target's state as it stands (targets not sampled yet have only a name and URL).</summary>
    public IReadOnlyList<TargetState> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries.Values.Select(e => e.State)];
        }
    }

    /// <summary>
    /// Completes when the scheduler has handed out every sample due and waits for the next due time (its timer set):
    /// tests move a fake clock only then, so no due time is read before the clock moved and waited for after.
    /// </summary>
    internal Task Parked
    {
        get
        {
            lock (_gate)
            {
                // A wake not yet seen by the loop (a sample just rescheduled) means it is about to look again.
                if (_wake.Task.IsCompleted && _parked.Task.IsCompleted)
                {
                    _parked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                return _parked.Task;
            }
        }
    }

    /// <summary>
    /// Watches <paramref name="list"/> until <paramref name="cancellationToken"/> fires: then nothing new starts,
    /// samples in flight end by their own deadlines and are written, and the method returns. Schedules continue from
    /// the store: a target's next sample is due one interval after the last one the store has. Throws when the store
    /// fails (nothing is sampled that could not be kept).
    /// </summary>
    public async Task RunAsync(WatchList list, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        list.Validate();
        foreach (var state in await _store.LoadStatesAsync(cancellationToken))
        {
            _states[state.Target] = state;
        }

        foreach (var (name, baseline) in await ThresholdBaselines.LoadAsync(_store, list.Targets.Where(t => _states.ContainsKey(t.Name)), cancellationToken))
        {
            _baselines[name] = baseline;
        }

        _log = LoggerFactory?.CreateLogger<WatchEngine>() ?? (ILogger)NullLogger.Instance;
        // The list first: the writer's first act is to enforce retention, which needs every target's keep.
        Update(list);
        var writer = new SampleBatcher(_store, _time, Retention);
        Volatile.Write(ref _writer, writer);
        using var writing = new CancellationTokenSource();
        var writerLoop = writer.RunAsync(writing.Token);
        using var run = new Run(_fetcher, _runner, _settings, _time, (record, ct) => RecordAsync(record, writer, ct), cancellationToken, CancellationToken.None, _log)
        {
            HostPushBack = (DefaultPushBack, MaxPushBack),
        };
        try
        {
            await ScheduleAsync(run, writerLoop);
        }
        finally
        {
            // Samples in flight end by their own deadlines; each is written before the store is let go.
            HostWorker[] hosts;
            lock (_gate)
            {
                hosts = [.. _hosts.Values];
            }

            await Task.WhenAll(hosts.Select(h => h.WhenIdle));
            Volatile.Write(ref _writer, null);
            writer.Complete();
            await writerLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (var host in hosts)
            {
                host.Dispose();
            }
        }

        if (writerLoop.Exception?.InnerException is { } storeFailure)
        {
            ExceptionDispatchInfo.Throw(storeFailure);
        }

        if (run.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>
    /// Keeps <paramref name="e"/> in the store with the samples, for an event no sample carries: what became of a
    /// notification (<see cref="WatchEventKind.Notified"/>, <see cref="WatchEventKind.NotifyFailed"/>). Never waits;
    /// returns false, and the event is not kept, when the watch is not running or its writer is a full queue behind.
    /// </summary>
    public bool Record(WatchEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Volatile.Read(ref _writer)?.TryWrite(e) ?? false;
    }

    /// <summary>
    /// Replaces the watch list while the watch runs: new targets are scheduled (from the store's state when they were
    /// watched before), removed ones stop (a sample in flight still ends and is kept), and an edited one takes its new
    /// definition from its next sample (its schedule from its last due time; a new URL drops the validators).
    /// </summary>
    public void Update(WatchList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        list.Validate();
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _defaultKeep = list.DefaultKeep;
            var keep = new HashSet<string>(StringComparer.Ordinal);
            foreach (var target in list.Targets)
            {
                keep.Add(target.Name);
                if (!_entries.TryGetValue(target.Name, out var entry))
                {
                    var state = _states.GetValueOrDefault(target.Name) ?? new TargetState { Target = target.Name, Url = target.Url };
                    entry = new WatchEntry(target, state);
                    KeepCookies(entry);
                    if (_baselines.TryGetValue(target.Name, out var baseline))
                    {
                        entry.Baseline = baseline;
                    }

                    _entries[target.Name] = entry;
                    Schedule(entry, FirstDue(entry, now));
                }
                else if (entry.Target != target)
                {
                    var schedule = !entry.Target.Watch!.Schedule.Equals(target.Watch!.Schedule);
                    if (entry.Target.Url != target.Url)
                    {
                        entry.State = entry.State with { Url = target.Url, ETag = null, LastModified = null };
                    }

                    entry.Target = target;
                    KeepCookies(entry);
                    if (schedule && !entry.InFlight)
                    {
                        entry.Generation++;
                        Schedule(entry, FirstDue(entry, now));
                    }
                }
            }

            foreach (var (name, entry) in _entries.Where(e => !keep.Contains(e.Key)).ToList())
            {
                entry.Removed = true;
                entry.Generation++;
                _entries.Remove(name);
                _states[name] = entry.State;
            }

            // Hosts no target needs any more go, with what they held (their breaker, their delay, their lanes).
            var used = _entries.Values.Select(e => _hostKey(e.Target.Url)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, host) in _hosts.Where(h => !used.Contains(h.Key) && h.Value.Pending == 0).ToList())
            {
                _hosts.Remove(key);
                host.Dispose();
            }
        }
    }

    // Under the lock. A target that keeps cookies goes on with the jar it had (or the store had for it); one that
    // stops keeping them drops its jar, and the store's copy with the next state written.
    private void KeepCookies(WatchEntry entry)
    {
        if (entry.Target.Cookies && entry.Cookies is null)
        {
            entry.Cookies = CookieJar.Restore(entry.State.Cookies, _time);
            entry.CookiesSaved = entry.Cookies.Version;
        }
        else if (!entry.Target.Cookies && entry.Cookies is not null)
        {
            entry.Cookies = null;
            entry.State = entry.State with { Cookies = null };
        }
    }

    // Under the lock. A target seen before goes on from its last due time; a missed one is taken once, now.
    private static DateTimeOffset FirstDue(WatchEntry entry, DateTimeOffset now)
    {
        var schedule = entry.Target.Watch!.Schedule;
        return entry.State.LastDue is { } last ? schedule.Next(last) : schedule.First(entry.Target.Name, now);
    }

    // Under the lock.
    private void Schedule(WatchEntry entry, DateTimeOffset due)
    {
        entry.Due = due;
        _due.Enqueue((entry, entry.Generation), due);
        _wake.TrySetResult();
    }

    private async Task ScheduleAsync(Run run, Task writerLoop)
    {
        while (!run.Halt.IsCancellationRequested && !writerLoop.IsCompleted)
        {
            Task wake;
            TimeSpan wait;
            var ready = new List<(HostWorker Host, HostItem Item)>();
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                while (_due.TryPeek(out var next, out var due) && due <= now)
                {
                    _due.Dequeue();
                    if (next.Generation == next.Entry.Generation && !next.Entry.Removed)
                    {
                        ready.Add(Take(run, next.Entry));
                    }
                }

                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                wake = _wake.Task;
                wait = _due.TryPeek(out _, out var first) ? first - now : Timeout.InfiniteTimeSpan;
            }

            // Outside the lock: a lane may finish its target at once (robots.txt said no), and records it.
            foreach (var (host, item) in ready)
            {
                host.Enqueue([item]);
            }

            // Woken by the next due time, a new or edited target, or the stop.
            using var sleep = CancellationTokenSource.CreateLinkedTokenSource(run.Halt);
            var timer = wait == Timeout.InfiniteTimeSpan ? Task.Delay(Timeout.Infinite, sleep.Token) : Task.Delay(wait, _time, sleep.Token);
            TaskCompletionSource parked;
            lock (_gate)
            {
                parked = _parked;
            }

            parked.TrySetResult();
            await Task.WhenAny(timer, wake, writerLoop);
            lock (_gate)
            {
                if (_parked.Task.IsCompleted)
                {
                    _parked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            await sleep.CancelAsync();
            await timer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // A store that cannot be written stops the watch: nothing is sampled that could not be kept.
        if (writerLoop is { IsFaulted: true, Exception.InnerException: { } failure })
        {
            WatchLog.StoreWriteFailed(_log, failure);
            run.Fail(failure);
        }
    }

    // Under the lock: the entry's sample is in flight from here, on its host's worker.
    private (HostWorker Host, HostItem Item) Take(Run run, WatchEntry entry)
    {
        entry.InFlight = true;
        WatchMetrics.SampleDue();
        var id = ++_nextSample;
        _inFlight[id] = entry;
        var key = _hostKey(entry.Target.Url);
        if (!_hosts.TryGetValue(key, out var host))
        {
            _hosts[key] = host = new HostWorker(run, key);
        }

        return (host, new HostItem(id, entry.Target, entry.Conditional, entry.Cookies));
    }

    private async ValueTask RecordAsync(RunRecord record, SampleBatcher writer, CancellationToken cancellationToken)
    {
        ChangeDetection.Judged judged;
        TargetState before;
        WatchEntry entry;
        lock (_gate)
        {
            entry = _inFlight[record.Index];
            _inFlight.Remove(record.Index);
            before = entry.State;
            judged = ChangeDetection.Apply(before, entry.Baseline, entry.Due, record);
            if (entry.Cookies is { } jar && jar.Version != entry.CookiesSaved)
            {
                // Saved with the state, so the store writes them in the same batch as the sample that set them.
                entry.CookiesSaved = jar.Version;
                judged = judged with { After = judged.After with { Cookies = jar.Save() } };
            }

            entry.State = judged.After;
            entry.Baseline = judged.Baseline;
            entry.InFlight = false;
            if (entry.Removed)
            {
                _states[entry.Target.Name] = judged.After;
            }
            else
            {
                // The next due time after this one that is still ahead: a sample that came late skips the ones it
                // overlapped rather than firing them all at once.
                Schedule(entry, entry.Target.Watch!.Schedule.NextAfter(entry.Due, _time.GetUtcNow()));
            }
        }

        Interlocked.Increment(ref _taken);
        if (WatchMetrics.SampleTaken(judged.Sample, judged.Events))
        {
            Interlocked.Increment(ref _late);
            WatchLog.SampleLate(_log, judged.Sample.Target, judged.Sample.Due, judged.Sample.Started - judged.Sample.Due);
        }

        SampleTaken?.Invoke(record.Result.Target, judged.Sample, before, judged.After);
        await writer.WriteAsync(judged, cancellationToken);
    }

    private RetentionPolicy Retention()
    {
        lock (_gate)
        {
            var keep = _entries.Values
                .Where(e => e.Target.Watch!.Keep is not null)
                .ToDictionary(e => e.Target.Name, e => e.Target.Watch!.Keep!.Value, StringComparer.Ordinal);
            return new RetentionPolicy(_defaultKeep, keep);
        }
    }
}
