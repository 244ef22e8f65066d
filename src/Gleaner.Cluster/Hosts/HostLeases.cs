namespace Gleaner.Cluster.Hosts;

/// <summary>
/// The politeness state of one host, as leases: who may start a fetch now, and when the next may. Not thread-safe:
/// its grain calls it one request at a time. Time comes from <paramref name="time"/> only, so tests move a fake clock.
/// When two jobs ask with different policies, the strictest in force wins: a lease is granted only while fewer
/// leases are live than the smallest concurrency among the asker's and every live lease's, and a start waits for the
/// larger of the last start's delay and the asker's own (and the host's Crawl-delay), plus the last start's jitter.
/// robots.txt comes first, as on one node: a URL it refuses gets no lease, and the first asker for an origin's
/// robots.txt gets the lease that fetches it. <paramref name="random"/> draws the jitter's fraction in [0, 1).
/// </summary>
internal sealed class HostLeases(TimeProvider time, Func<double>? random = null)
{
    /// <summary>How soon a request turned away by a full host asks again (after its grain held it for a release).</summary>
    public static readonly TimeSpan FullRetry = TimeSpan.FromMilliseconds(50);

    /// <summary>Failures in a row that say the host is down before the breaker opens (as one node's HostBreaker).</summary>
    public const int BreakAfter = 5;

    /// <summary>How long an open breaker refuses before one probe fetch may try (as one node's HostBreaker).</summary>
    public static readonly TimeSpan BreakFor = TimeSpan.FromSeconds(30);

    /// <summary>The longest push-back a Retry-After can cause, whatever the lease's job allows.</summary>
    public static readonly TimeSpan MaxPushBack = TimeSpan.FromHours(1);

    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;
    private readonly HostRobots _robots = new(time);
    private readonly Dictionary<Guid, LeaseRequest> _policies = [];
    private readonly Dictionary<Guid, DateTimeOffset> _deadlines = [];
    private DateTimeOffset _lastStart = DateTimeOffset.MinValue;
    private TimeSpan _lastDelay;
    private TimeSpan _lastJitter;
    private DateTimeOffset _pushedUntil = DateTimeOffset.MinValue;
    private int _downInARow;
    private DateTimeOffset? _openUntil;
    private string? _downOutcome;
    private Guid? _probe;

    /// <summary>Leases granted and neither released nor taken back.</summary>
    public int Live => _deadlines.Count;

    /// <summary>The concurrency in force: the smallest among the live leases' jobs, or null when none is live.</summary>
    public int? Limit => _policies.Count == 0 ? null : _policies.Values.Min(p => p.Concurrency);

    /// <summary>The end of a Retry-After push-back still running at <paramref name="now"/>, or null.</summary>
    public DateTimeOffset? PushedUntilAfter(DateTimeOffset now) => _pushedUntil > now ? _pushedUntil : null;

    /// <summary>The end of the breaker's open time when it is open at <paramref name="now"/>, or null.</summary>
    public DateTimeOffset? OpenUntilAfter(DateTimeOffset now) => _openUntil > now ? _openUntil : null;

    /// <summary>The delay robots.txt's Crawl-delay asks of this host (capped at 60 s), or zero.</summary>
    public TimeSpan CrawlDelay => _robots.CrawlDelay;

    /// <summary>
    /// Until when forgetting this state would change what the host grants: the last live lease's deadline, the next
    /// start, the end of a push-back or of an open breaker. Past it (or when it is null) a fresh state grants the same.
    /// </summary>
    public DateTimeOffset? KeepUntil
    {
        get
        {
            DateTimeOffset? until = null;
            foreach (var at in _deadlines.Values.Append(NextStart(TimeSpan.Zero)).Append(_pushedUntil).Append(_openUntil ?? DateTimeOffset.MinValue))
            {
                until = at > (until ?? DateTimeOffset.MinValue) ? at : until;
            }

            return until;
        }
    }

    /// <summary>A lease, or when to ask again and why.</summary>
    public HostGrant Request(LeaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        Reclaim(now);

        var robotsDuty = false;
        if (request.RobotsUrl is { } url)
        {
            switch (_robots.Ask(url, request.RobotsAgent, out var answer))
            {
                case RobotsState.Known when answer!.Denial(url) is { } denial:
                    return HostGrant.Denied(denial, now);
                case RobotsState.Pending:
                    return HostGrant.WaitUntil(HostWait.RobotsPending, now + FullRetry);
                case RobotsState.Unknown:
                    robotsDuty = true;
                    break;
            }
        }

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

        var next = NextStart(request.Delay);
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
        _lastJitter = request.Jitter > TimeSpan.Zero ? request.Jitter * _random() : TimeSpan.Zero;
        if (_openUntil is not null)
        {
            _probe = id;
        }

        if (robotsDuty)
        {
            _robots.Assign(request.RobotsUrl!, request.RobotsAgent, id);
            return HostGrant.RobotsDuty(id, deadline);
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
        _robots.Ended(leaseId, report.Robots);

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

        // As on one node, robots.txt's fetch is no evidence either way for the breaker: a half-open host is probed
        // again by the next target's fetch.
        if (report.Robots is not null)
        {
            return;
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

    // The longest delay among the last start's, the asker's and Crawl-delay, and the last start's jitter, after it.
    private DateTimeOffset NextStart(TimeSpan asked)
    {
        if (_lastStart == DateTimeOffset.MinValue)
        {
            return DateTimeOffset.MinValue;
        }

        var delay = _lastDelay > asked ? _lastDelay : asked;
        delay = _robots.CrawlDelay > delay ? _robots.CrawlDelay : delay;
        return _lastStart + delay + _lastJitter;
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
                _robots.Ended(id, report: null);
                if (_probe == id)
                {
                    _probe = null;
                }
            }
        }
    }
}
