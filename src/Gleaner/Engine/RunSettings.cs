namespace Gleaner.Engine;

/// <summary>
/// How a run schedules its targets: the global concurrency bound, per-host politeness, retries and robots.txt.
/// Immutable; the job file's <c>defaults</c> and the command line's flags produce one (flags win).
/// </summary>
public sealed record RunSettings
{
    /// <summary>The defaults documented in the README.</summary>
    public static RunSettings Default { get; } = new();

    /// <summary>Fetches in flight at most, across all hosts. Default 256.</summary>
    public int Concurrency { get; init; } = 256;

    /// <summary>Fetches in flight at most per host (or registrable domain). Default 4.</summary>
    public int PerHostConcurrency { get; init; } = 4;

    /// <summary>Least time between the starts of two fetches to one host. Default 0.</summary>
    public TimeSpan PerHostDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Random extra delay, uniform in [0, jitter), added to <see cref="PerHostDelay"/>. Default 0.</summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.Zero;

    /// <summary>Retries after a transient failure (so at most Retries + 1 attempts). Default 2.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>The longest Retry-After honoured; a longer one ends the target as http_status. Default 30 s.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Obey robots.txt (RFC 9309). Default true.</summary>
    public bool RespectRobots { get; init; } = true;

    /// <summary>Key per-host slots by registrable domain (Public Suffix List) rather than by host. Default false.</summary>
    public bool KeyByRegistrableDomain { get; init; }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming every field out of its range (joined by "; "); returns this
    /// when all are in range.
    /// </summary>
    public RunSettings Validate()
    {
        var problems = new List<string>();
        Check(Concurrency is >= 1 and <= 10_000, $"concurrency must be between 1 and 10000, not {Concurrency}", problems);
        Check(PerHostConcurrency is >= 1 and <= 1_000, $"per_host.concurrency must be between 1 and 1000, not {PerHostConcurrency}", problems);
        Check(PerHostDelay >= TimeSpan.Zero && PerHostDelay <= TimeSpan.FromHours(1), $"per_host.delay must be between 0 and 1h, not {PerHostDelay}", problems);
        Check(Jitter >= TimeSpan.Zero && Jitter <= TimeSpan.FromHours(1), $"per_host.jitter must be between 0 and 1h, not {Jitter}", problems);
        Check(Retries is >= 0 and <= 20, $"retries must be between 0 and 20, not {Retries}", problems);
        Check(MaxRetryAfter >= TimeSpan.Zero && MaxRetryAfter <= TimeSpan.FromHours(1), $"max_retry_after must be between 0 and 1h, not {MaxRetryAfter}", problems);
        return problems.Count == 0 ? this : throw new ArgumentException(string.Join("; ", problems));
    }

    private static void Check(bool ok, string problem, List<string> problems)
    {
        if (!ok)
        {
            problems.Add(problem);
        }
    }
}
