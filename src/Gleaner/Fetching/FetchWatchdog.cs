namespace Gleaner.Fetching;

/// <summary>
/// The deadlines of one fetch, all on the injected clock: the total deadline, the time to headers and the stall
/// guard. The first one to fire records why and cancels <see cref="Token"/>; the fetch loop then reports that
/// reason rather than whatever exception the cancellation caused.
/// </summary>
internal sealed class FetchWatchdog : IDisposable
{
    private readonly TimeProvider _time;
    private readonly FetchLimits _limits;
    private readonly CancellationTokenSource _cts;
    private readonly ITimer _total;
    private readonly ITimer _headers;
    private ITimer? _stall;
    private long _bytes;
    private long _bytesAtLastWindow;
    private readonly long _started;
    private long _headersStarted;
    private FetchFailure? _reason;

    public FetchWatchdog(TimeProvider time, FetchLimits limits, CancellationToken callerToken)
    {
        _time = time;
        _limits = limits;
        _started = time.GetTimestamp();
        _cts = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        _total = time.CreateTimer(
            _ => Fail(Outcome.Deadline, $"no result within the total deadline of {Units.Duration.Format(limits.TotalTimeout)}"),
            null, limits.TotalTimeout, Timeout.InfiniteTimeSpan);
        _headers = time.CreateTimer(
            _ => Fail(Outcome.HeadersTimeout, $"no response headers within {Units.Duration.Format(limits.HeadersTimeout)}"),
            null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled when any deadline fires or the caller cancels.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Why the watchdog cancelled the fetch, or null when it did not.</summary>
    public FetchFailure? Reason => Volatile.Read(ref _reason);

    /// <summary>Bytes seen on the wire for the body so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Time spent waiting for headers, over all hops.</summary>
    public TimeSpan HeadersElapsed { get; private set; }

    /// <summary>Records the first failure and cancels the fetch. Later calls are ignored.</summary>
    public void Fail(Outcome outcome, string message)
    {
        if (Interlocked.CompareExchange(ref _reason, new FetchFailure(outcome, message), null) is null)
        {
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The fetch already finished; nothing left to cancel.
            }
        }
    }

    /// <summary>Starts (or restarts, once the connection is ready) the time-to-headers deadline.</summary>
    public void StartHeaders()
    {
        _headersStarted = _time.GetTimestamp();

        _headers.Change(HeadersDueIn(_limits.HeadersTimeout, _limits.TotalTimeout - _time.GetElapsedTime(_started)), Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// When the headers deadline should fire, given the time left of the total one. A headers deadline due at or
    /// after the total deadline would race it for the same instant; the total deadline is what ends such a fetch.
    /// </summary>
    internal static TimeSpan HeadersDueIn(TimeSpan headersTimeout, TimeSpan totalRemaining) =>
        headersTimeout < totalRemaining ? headersTimeout : Timeout.InfiniteTimeSpan;

    /// <summary>Stops the time-to-headers deadline.</summary>
    public void HeadersReceived()
    {
        _headers.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        HeadersElapsed += _time.GetElapsedTime(_headersStarted);
    }

    /// <summary>Starts the stall guard for the body.</summary>
    public void StartBody()
    {
        var rule = _limits.Stall;
        if (!rule.IsEnabled)
        {
            return;
        }

        _bytesAtLastWindow = Bytes;
        _stall = _time.CreateTimer(_ => CheckStall(rule), null, rule.Window, rule.Window);
    }

    /// <summary>Counts body bytes that arrived on the wire.</summary>
    public void OnBytes(int count) => Interlocked.Add(ref _bytes, count);

    private void CheckStall(StallRule rule)
    {
        var now = Bytes;
        var arrived = now - _bytesAtLastWindow;
        _bytesAtLastWindow = now;
        if (arrived < rule.MinBytes)
        {
            Fail(Outcome.Stalled, $"only {arrived} bytes arrived in {Units.Duration.Format(rule.Window)} (stall guard {rule})");
        }
    }

    public void Dispose()
    {
        _total.Dispose();
        _headers.Dispose();
        _stall?.Dispose();
        _cts.Dispose();
    }
}
