namespace Gleaner.Cluster.Hosts;

/// <summary>
/// The politeness state of one host, as leases: who may start a fetch now, and when the next may. Not thread-safe:
/// its grain calls it one request at a time. Time comes from <paramref name="time"/> only, so tests move a fake clock.
/// When two jobs ask with different policies, the strictest in force wins: a lease is granted only while fewer
/// leases are live than the smallest concurrency among the asker's and every live lease's, and a start waits for the
/// larger of the last start's delay and the asker's own.
/// </summary>
internal sealed class HostLeases(TimeProvider time)
{
    /// <summary>How soon a request turned away by a full host asks again (a release does not call it back).</summary>
    public static readonly TimeSpan FullRetry = TimeSpan.FromMilliseconds(50);

    /// <summary>Failures in a row that say the host is down before the breaker opens (as one node's HostBreaker).</summary>
    public const int BreakAfter = 5;

    /// <summary>How long an open breaker refuses before one probe fetch may try (as one node's HostBreaker).</summary>
    public static readonly TimeSpan BreakFor = TimeSpan.FromSeconds(30);

    /// <summary>The longest push-back a Retry-After can cause, whatever the lease's job allows.</summary>
    public static readonly TimeSpan MaxPushBack = TimeSpan.FromHours(1);

    private readonly Dictionary<Guid, LeaseRequest> _policies = [];
    private readonly Dictionary<Guid, DateTimeOffset> _deadlines = [];
    private DateTimeOffset _lastStart = DateTimeOffset.MinValue;
    private TimeSpan _lastDelay;
    private DateTimeOffset _pushedUntil = DateTimeOffset.MinValue;
    private int _downInARow;
    private DateTimeOffset? _openUntil;
    private string? _downOutcome;
    private Guid? _probe;

    /// <summary>Leases granted and neither released nor taken back.</summary>
    public int Live => _deadlines.Count;

    /// <summary>A lease, or when to ask again and why.</summary>
    public HostGrant Request(LeaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        Reclaim(now);

        if (_openUntil is { } open)
        {
            if (now < open)
            {
                return HostGrant.WaitUntil(HostWait.CircuitOpen, open, _downOutcome);
            }

            // Half-open: one probe at a time finds out whether the host is back.
            if (_probe is { } probe)
            {
                return HostGrant.WaitUntil(HostWait.CircuitOpen, _deadlines[probe], _downOutcome);
            }
        }

        var limit = _policies.Values.Aggregate(request.Concurrency, (min, p) => Math.Min(min, p.Concurrency));
        if (Live >= limit)
        {
            var soonest = _deadlines.Values.Min();
            return HostGrant.WaitUntil(HostWait.ConcurrencyFull, soonest < now + FullRetry ? soonest : now + FullRetry);
        }

        if (now < _pushedUntil)
        {
            return HostGrant.WaitUntil(HostWait.PushedBack, _pushedUntil);
        }

        var next = _lastStart == DateTimeOffset.MinValue ? now : _lastStart + (_lastDelay > request.Delay ? _lastDelay : request.Delay);
        if (now < next)
        {
            return HostGrant.WaitUntil(HostWait.Delay, next);
        }

        var id = Guid.NewGuid();
        var deadline = now + request.Hold;
        _policies[id] = request;
        _deadlines[id] = deadline;
        _lastStart = now;
        _lastDelay = request.Delay;
        if (_openUntil is not null)
        {
            _probe = id;
        }

        return HostGrant.Lease(id, deadline);
    }

    /// <summary>
    /// Frees <paramref name="leaseId"/> (nothing when it was taken back already) and learns from
    /// <paramref name="report"/>: a Retry-After pushes every start back, host-down failures move the breaker.
    /// </summary>
    public void Release(Guid leaseId, FetchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var now = time.GetUtcNow();
        _policies.Remove(leaseId, out var policy);
        _deadlines.Remove(leaseId);

        if (report is { Status: 429 or 503, RetryAfter: { } asked })
        {
            var cap = policy?.MaxRetryAfter ?? MaxPushBack;
            var until = now + (asked < cap ? (asked > TimeSpan.Zero ? asked : TimeSpan.Zero) : cap);
            _pushedUntil = until > _pushedUntil ? until : _pushedUntil;
        }

        var probe = _probe == leaseId;
        if (probe)
        {
            _probe = null;
        }

        if (!report.HostDown)
        {
            _downInARow = 0;
            if (probe)
            {
                _openUntil = null;
            }

            return;
        }

        _downOutcome = report.Outcome;
        if (probe || ++_downInARow >= BreakAfter)
        {
            _openUntil = now + BreakFor;
            _downInARow = 0;
        }
    }

    // A silo that died (or a fetch that hung past its lease) must not hold the host forever.
    private void Reclaim(DateTimeOffset now)
    {
        foreach (var (id, deadline) in _deadlines)
        {
            if (deadline <= now)
            {
                _deadlines.Remove(id);
                _policies.Remove(id);
                if (_probe == id)
                {
                    _probe = null;
                }
            }
        }
    }
}
