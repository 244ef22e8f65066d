namespace Gleaner.Engine;

/// <summary>
/// Politeness for one host (or registrable domain): at most N fetches in flight, and at least a delay (plus
/// jitter) between the starts of two fetches. The delay grows to the host's robots.txt Crawl-delay.
/// <paramref name="random"/> draws the jitter's fraction in [0, 1) (tests pass a fixed one).
/// </summary>
internal sealed class HostSlot(string key, int concurrency, TimeSpan delay, TimeSpan jitter, TimeProvider time, Func<double>? random = null) : IDisposable
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;
    private readonly SemaphoreSlim _lanes = new(concurrency, concurrency);
    private readonly Lock _gate = new();
    private TimeSpan _delay = delay;
    private DateTimeOffset _nextStart = DateTimeOffset.MinValue;

    public string Key { get; } = key;

    /// <summary>The delay in force between two starts.</summary>
    public TimeSpan Delay
    {
        get
        {
            lock (_gate)
            {
                return _delay;
            }
        }
    }

    /// <summary>Raises the delay (never lowers it), e.g. to robots.txt's Crawl-delay.</summary>
    public void RaiseDelay(TimeSpan delay)
    {
        lock (_gate)
        {
            _delay = delay > _delay ? delay : _delay;
        }
    }

    /// <summary>
    /// Starts nothing before <paramref name="until"/> (never moves the next start earlier): the host asked for time
    /// (429 or 503, Retry-After).
    /// </summary>
    public void PushBack(DateTimeOffset until)
    {
        lock (_gate)
        {
            _nextStart = until > _nextStart ? until : _nextStart;
        }
    }

    /// <summary>The earliest time the next fetch may start.</summary>
    public DateTimeOffset NextStart
    {
        get
        {
            lock (_gate)
            {
                return _nextStart;
            }
        }
    }

    /// <summary>Waits for a free lane and for this host's next start time; call <see cref="Release"/> after.</summary>
    public async Task EnterAsync(CancellationToken cancellationToken)
    {
        await _lanes.WaitAsync(cancellationToken);
        try
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                var start = _nextStart > now ? _nextStart : now;
                var spacing = _delay + (jitter > TimeSpan.Zero ? jitter * _random() : TimeSpan.Zero);
                _nextStart = start + spacing;
                wait = start - now;
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }
        catch
        {
            _lanes.Release();
            throw;
        }
    }

    public void Release() => _lanes.Release();

    public void Dispose() => _lanes.Dispose();
}
