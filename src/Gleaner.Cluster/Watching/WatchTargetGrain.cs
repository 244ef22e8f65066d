using Gleaner.Cluster.Fetching;
using Gleaner.Fetching;
using Gleaner.Records;
using Gleaner.Storage;
using Gleaner.Targets;
using Gleaner.Watching;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace Gleaner.Cluster.Watching;

/// <summary>
/// One watched target, sampled on its schedule as one node's watch samples it (the same schedule rules, change
/// detection, conditional requests and store), under the host grain's leases. The due time lives in a grain timer of
/// the activation; a reminder every <see cref="KeepAlivePeriod"/> keeps the activation alive and, when its silo dies,
/// activates it on another, where it reads its spec from the registry and its state from the store and goes on from
/// its last due time kept (a due time missed meanwhile is taken once, late). A sample is written before the schedule
/// moves on, so a sample lost with a silo is taken again, and the store keeps it once.
/// </summary>
[GrainType(ClusterGrainTypes.WatchTarget)]
internal sealed partial class WatchTargetGrain(
    SiloWatchStore store, LeasedSampler sampler, SiloFetchSlots slots, GrainClock clock, Serializer<WatchTarget> serializer, ILocalSiloDetails silo, ILogger<WatchTargetGrain> log)
    : Grain, IWatchTargetGrain, IRemindable
{
    /// <summary>How often the keep-alive reminder ticks (Orleans' default minimum period for reminders).</summary>
    public static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);

    private const string KeepAlive = "keep-alive";

    // How long a sample the store refused waits before it is written again (the target takes no new one meanwhile).
    private static readonly TimeSpan StoreRetryPause = TimeSpan.FromSeconds(5);

    private WatchTarget? _spec;
    private SemaphoreSlim? _siloSlots;
    private Target? _target;
    private TargetState? _state;
    private double? _baseline;
    private DateTimeOffset? _due;
    private IGrainTimer? _timer;
    private bool _inFlight;
    private bool _reminded;
    private int _taken;
    private DateTimeOffset _nextPrune;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(activating: true, cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    public Task RefreshAsync() => LoadAsync(activating: false, CancellationToken.None);

    public Task<WatchTargetSnapshot> SnapshotAsync() =>
        Task.FromResult(new WatchTargetSnapshot(Name, silo.SiloAddress.ToParsableString(), _spec is not null, _spec is null ? null : _due, _state?.LastDue, _taken)
        {
            Sampling = _inFlight,
        });

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The activation is the point of the tick; a target no longer registered stops here.
        if (_spec is null)
        {
            await LoadAsync(activating: false, CancellationToken.None);
        }
        else if (!_inFlight && _due is { } due && _target is { } target && clock.Time.GetUtcNow() - due > target.Watch!.Schedule.Period + KeepAlivePeriod)
        {
            // A watchdog: a due time long past with nothing in flight means the timer was lost; take it now.
            Arm(due);
        }
    }

    // Reads the spec (and, once per activation, the state); starts, re-times or stops the schedule to match.
    private async Task LoadAsync(bool activating, CancellationToken cancellationToken)
    {
        var watch = store.Storage;
        var bytes = await watch.Registry.ReadSpecAsync(Name, cancellationToken);
        if (bytes is null)
        {
            await StopAsync(deactivate: !activating);
            return;
        }

        var spec = serializer.Deserialize(bytes) ?? throw new InvalidDataException($"target {Name}: the registry's spec is empty");
        var target = WatchSpecs.ToTarget(spec);
        if (_state is null)
        {
            _state = await watch.Samples.LoadStateAsync(Name, cancellationToken) ?? new TargetState { Target = Name, Url = target.Url };
            _baseline = _state.Number;
            if (target.Watch!.Threshold is not null
                && (await ThresholdBaselines.LoadAsync(watch.Samples, [target], cancellationToken)).TryGetValue(Name, out var baseline))
            {
                _baseline = baseline;
            }

            await watch.Registry.ClaimAsync(Name, silo.SiloAddress.ToParsableString(), cancellationToken);
        }

        if (_target is not null && _target.Url != target.Url)
        {
            // Validators belong to the URL that gave them.
            _state = _state with { Url = target.Url, ETag = null, LastModified = null };
        }

        var retimed = _target is null || !_target.Watch!.Schedule.Equals(target.Watch!.Schedule);
        (_spec, _target) = (spec, target);
        // The list's bound per silo; a new --concurrency takes effect as a bound of its own.
        _siloSlots = slots.For($"watch/{spec.List}/{spec.SiloConcurrency}", spec.SiloConcurrency);
        if (!_reminded)
        {
            await this.RegisterOrUpdateReminder(KeepAlive, KeepAlivePeriod, KeepAlivePeriod, cancellationToken);
            _reminded = true;
        }

        if (retimed && !_inFlight)
        {
            var schedule = target.Watch!.Schedule;
            Arm(_state.LastDue is { } last ? schedule.Next(last) : schedule.First(Name, clock.Time.GetUtcNow()));
        }
    }

    // An activation that finds no spec is left to idle collection: deactivating it while it activates would reject
    // the call that activated it.
    private async Task StopAsync(bool deactivate)
    {
        _spec = null;
        _timer?.Dispose();
        _timer = null;
        if (await this.GetReminder(KeepAlive) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminded = false;
        if (deactivate)
        {
            DeactivateOnIdle();
        }
    }

    private void Arm(DateTimeOffset due)
    {
        _due = due;
        var wait = due - clock.Time.GetUtcNow();
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        if (_timer is null)
        {
            // Interleaved, so a refresh or a reminder is not held up behind a sample waiting for its host's politeness.
            _timer = this.RegisterGrainTimer(SampleAsync, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        }
        else
        {
            _timer.Change(wait, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        if (_spec is not { } spec || _target is not { } target || _state is not { } before || _due is not { } due || _inFlight)
        {
            return;
        }

        _inFlight = true;
        var kept = false;
        try
        {
            var conditional = before.ETag is null && before.LastModified is null ? null : new Validators(before.ETag, before.LastModified);
            var sampled = await sampler.SampleAsync(target, spec.Policy, conditional, _siloSlots);
            var record = new RunRecord(0, Name, sampled.Result, sampled.Attempts) { Started = sampled.Started };
            var judged = ChangeDetection.Apply(before, _baseline, due, record);
            // Not the timer's token: a target removed while this sample is in flight still keeps it.
            await WriteAsync(judged, cancellationToken);
            (_state, _baseline, kept) = (judged.After, judged.Baseline, true);
            _taken++;
            if (_target is { } current && current.Url != _state.Url)
            {
                // The URL changed while the sample was in flight: its validators belong to the old one.
                _state = _state with { Url = current.Url, ETag = null, LastModified = null };
            }
        }
#pragma warning disable CA1031 // A bug of Gleaner's in one sample must not stop the target's schedule: logged, and the target goes on.
        catch (Exception e) when (!kept && !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogSampleFailed(log, Name, e);
        }
        finally
        {
            _inFlight = false;
        }

        await PruneIfDueAsync(spec);
        if (_spec is not null && _target is { } now)
        {
            // A sample that came late skips the due times it overlapped, as on one node; one that failed is not
            // taken again at once (its due time passed), but at the next.
            Arm(now.Watch!.Schedule.NextAfter(due, clock.Time.GetUtcNow()));
        }
    }

    // The target takes no new sample until this one is kept.
    private async Task WriteAsync(ChangeDetection.Judged judged, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await store.Writer.WriteAsync(judged, CancellationToken.None);
                return;
            }
            catch (Exception e)
            {
                LogStoreFailed(log, Name, e.Message);
                // Only a deactivating grain (its silo stopping) stops trying: the due time is then taken again elsewhere.
                await Task.Delay(StoreRetryPause, clock.Time, cancellationToken);
            }
        }
    }

    // Each target enforces its own keep, hourly: the silos share the store, and a grain knows only its own target's.
    private async Task PruneIfDueAsync(WatchTarget spec)
    {
        var now = clock.Time.GetUtcNow();
        if (spec.Keep is not { } keep || now < _nextPrune)
        {
            return;
        }

        _nextPrune = now + SampleBatcher.PruneEvery;
        try
        {
            await store.Storage.Samples.PruneAsync(new RetentionPolicy(null, new Dictionary<string, TimeSpan>(StringComparer.Ordinal) { [Name] = keep }), now);
        }
#pragma warning disable CA1031 // Retention is best effort: a store that fails it now is asked again in an hour; sampling goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogStoreFailed(log, Name, $"retention: {e.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "target {Target}: its sample failed inside Gleaner; the schedule goes on from the next due time")]
    private static partial void LogSampleFailed(ILogger logger, string target, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "target {Target}: its sample could not be written to the watch store ({Error}); trying again in 5 s")]
    private static partial void LogStoreFailed(ILogger logger, string target, string error);
}
