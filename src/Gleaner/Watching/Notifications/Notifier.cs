using System.Threading.Channels;
using Gleaner.Fetching;
using Gleaner.Targets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Gleaner.Watching.Notifications;

/// <summary>
/// Tells people about watched targets: each sample is looked at against the target's notify rules, and each event
/// is posted as JSON in the background, under the same limits and address policy as any fetch, retried with
/// back-off, never run as a command. Events wait in a bounded queue: past it the oldest go, counted, so a dead
/// endpoint costs memory up to the bound and no more, and never holds up the watch.
/// </summary>
internal sealed class Notifier : IAsyncDisposable
{
    private const string JsonType = "application/json";

    private readonly Fetcher _fetcher;
    private readonly TimeProvider _time;
    private readonly FetchLimits _limits;
    private readonly Func<string, string?> _environment;
    private readonly Action<NotifyFailure>? _gaveUp;
    private readonly ILogger _log;
    private readonly NotifierOptions _options;
    private readonly Channel<NotifyDelivery> _queue;
    private readonly ResiliencePipeline<FetchResult> _retry;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _senders;
    private long _sent;
    private long _failed;
    private long _dropped;
    private long _inFlight;

    /// <summary>
    /// Starts the senders. <paramref name="environment"/> looks up a bearer token's variable when an event is sent;
    /// <paramref name="gaveUp"/> hears of each notification given up on, on a sender's thread, and must not throw;
    /// <paramref name="log"/> is told of it too.
    /// </summary>
    public Notifier(
        Fetcher fetcher, TimeProvider time, FetchLimits limits, Func<string, string?> environment,
        Action<NotifyFailure>? gaveUp = null, NotifierOptions? options = null, ILogger? log = null)
    {
        _log = log ?? NullLogger.Instance;
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(environment);
        options ??= new NotifierOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 2, nameof(options));
        (_fetcher, _time, _limits, _environment, _gaveUp, _options) = (fetcher, time, limits.Validate(), environment, gaveUp, options);
        _retry = NotifyRetry.Pipeline(options, time);
        _queue = Channel.CreateBounded<NotifyDelivery>(
            new BoundedChannelOptions(options.Capacity) { FullMode = BoundedChannelFullMode.DropOldest },
            _ => Dropped());
        _senders = [.. Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(SendLoopAsync))];
    }

    /// <summary>
    /// Hears what became of each notification, as an event to keep with the target's history: delivered
    /// (<see cref="WatchEventKind.Notified"/>) or given up (<see cref="WatchEventKind.NotifyFailed"/>). Called on a
    /// sender's thread; must not throw.
    /// </summary>
    public Action<WatchEvent>? Settled { get; init; }

    /// <summary>What became of the events so far.</summary>
    public NotifyCounts Counts => new(
        Interlocked.Read(ref _sent), Interlocked.Read(ref _failed), Interlocked.Read(ref _dropped),
        _queue.Reader.Count + Interlocked.Read(ref _inFlight));

    /// <summary>
    /// Looks at one sample of <paramref name="target"/> (<paramref name="before"/> it and <paramref name="after"/>)
    /// and queues the events its rules send. Never blocks; once stopping, new events are dropped and counted.
    /// </summary>
    public void Observe(Target target, Sample sample, TargetState before, TargetState after)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (target.Watch is not { Notify.Count: > 0 } watch)
        {
            return;
        }

        foreach (var rule in watch.Notify)
        {
            foreach (var e in NotifyEvents.For(rule, sample, before, after))
            {
                var body = NotifyJson.Write(target, e, sample.Unit ?? after.Unit);
                if (!_queue.Writer.TryWrite(new NotifyDelivery(rule, target.Name, e.Kind, body)))
                {
                    Dropped();
                }
            }
        }
    }

    /// <summary>
    /// Takes no more events and delivers the ones waiting, for at most <paramref name="grace"/>; then gives up on
    /// the rest (in flight ones are cancelled at once) and returns the counts, whose pending ones were not delivered.
    /// </summary>
    public async Task<NotifyCounts> StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        var senders = Task.WhenAll(_senders);
        try
        {
            await senders.WaitAsync(grace, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The grace is over: what is left stays pending.
        }
        finally
        {
            await _stop.CancelAsync();
            await senders;
        }

        return Counts;
    }

    /// <summary>Stops at once: whatever is not delivered yet is given up (see <see cref="StopAsync"/> for a grace).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero, CancellationToken.None);
        _stop.Dispose();
    }

    /// <summary>
    /// Every rule among <paramref name="targets"/> whose bearer token's variable is unset or empty, so a watch can be
    /// refused before anything is fetched rather than send events without their credentials.
    /// </summary>
    public static IReadOnlyList<MissingBearer> Check(IEnumerable<Target> targets, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(environment);
        return [.. targets.SelectMany(t => (t.Watch?.Notify ?? [])
            .Where(r => r.BearerEnv is { } variable && string.IsNullOrEmpty(environment(variable)))
            .Select(r => new MissingBearer(t.Name, r.BearerEnv!)))];
    }

    private async Task SendLoopAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token))
            {
                while (reader.TryRead(out var delivery))
                {
                    Interlocked.Increment(ref _inFlight);
                    // Cancelled by the end of the grace, it stays counted as pending: it was not delivered.
                    await DeliverAsync(delivery, _stop.Token);
                    Interlocked.Decrement(ref _inFlight);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(NotifyDelivery delivery, CancellationToken cancellationToken)
    {
        var rule = delivery.Rule;
        var headers = new List<KeyValuePair<string, string>>(1);
        if (rule.BearerEnv is { } variable)
        {
            if (_environment(variable) is not { Length: > 0 } token)
            {
                GiveUp(delivery, 0, null, $"the environment variable {variable} that holds its bearer token is not set");
                return;
            }

            headers.Add(new("Authorization", "Bearer " + token));
        }

        var attempts = 0;
        FetchResult result;
        try
        {
            result = await _retry.ExecuteAsync(
                async ct =>
                {
                    attempts++;
                    return await _fetcher.PostAsync(rule.Url, delivery.Body, JsonType, headers, _limits, ct);
                },
                cancellationToken);
        }
        catch (ArgumentException e)
        {
            // A URL or token the fetcher refuses to send; its message never holds a header's value.
            GiveUp(delivery, attempts, null, e.Message);
            return;
        }

        if (result.IsOk)
        {
            Interlocked.Increment(ref _sent);
            WatchMetrics.Notification("sent");
            Settled?.Invoke(new WatchEvent
            {
                Target = delivery.Target,
                At = _time.GetUtcNow(),
                Kind = WatchEventKind.Notified,
                Outcome = Outcome.Ok,
                Message = $"{NotifyJson.Kind(delivery.Kind)} sent to {rule.Url.Scheme}://{rule.Url.Authority} (HTTP {result.Status})",
            });
            return;
        }

        var error = $"{result.Outcome.ToName()}: {result.Error}";
        if (NotifyRetry.WaitsTooLong(result, _options))
        {
            error += $" (it asks to wait {Units.Duration.Format(result.RetryAfter!.Value)}, over the cap of {Units.Duration.Format(_options.MaxDelay)})";
        }

        GiveUp(delivery, attempts, result, error);
    }

    private void GiveUp(NotifyDelivery delivery, int attempts, FetchResult? result, string error)
    {
        Interlocked.Increment(ref _failed);
        WatchMetrics.Notification("failed");
        var failure = new NotifyFailure(delivery.Target, delivery.Kind, delivery.Rule.Url, attempts, result, error);
        WatchLog.NotificationGivenUp(_log, failure.Message);
        _gaveUp?.Invoke(failure);
        Settled?.Invoke(new WatchEvent
        {
            Target = delivery.Target,
            At = _time.GetUtcNow(),
            Kind = WatchEventKind.NotifyFailed,
            // Nothing was sent when there is no result: the URL or its token was refused before any request.
            Outcome = result?.Outcome ?? Outcome.Blocked,
            Message = failure.Message,
        });
    }

    private void Dropped()
    {
        Interlocked.Increment(ref _dropped);
        WatchMetrics.Notification("dropped");
    }
}
