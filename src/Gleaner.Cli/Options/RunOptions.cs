using System.CommandLine;
using Gleaner.Engine;

namespace Gleaner.Cli.Options;

/// <summary>The run-level flags of <c>gleaner run</c>; each one wins over the job file's <c>defaults</c>.</summary>
internal sealed class RunOptions
{
    public Option<string?> Concurrency { get; } = new("--concurrency") { Description = "Fetches in flight at most, over all hosts (default 256)" };
    public Option<string?> PerHost { get; } = new("--per-host") { Description = "Fetches in flight at most per host (default 4)" };
    public Option<string?> Delay { get; } = new("--delay") { Description = "Least time between two fetches to one host, e.g. 1s (default 0)" };
    public Option<string?> Jitter { get; } = new("--jitter") { Description = "Random extra delay per fetch, up to this (default 0)" };
    public Option<string?> Retries { get; } = new("--retries") { Description = "Retries of transient failures: refused, reset, timeouts, 429, 5xx (default 2)" };
    public Option<string?> MaxRetryAfter { get; } = new("--max-retry-after") { Description = "Longest Retry-After honoured; longer ends the target as http_status (default 30s)" };
    public Option<bool> IgnoreRobots { get; } = new("--ignore-robots") { Description = "Do not fetch or obey robots.txt" };
    public Option<string?> KeyBy { get; } = new("--key-by") { Description = "Per-host slots keyed by host (default) or domain (registrable domain, Public Suffix List)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Concurrency, PerHost, Delay, Jitter, Retries, MaxRetryAfter, IgnoreRobots, KeyBy })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// What the flags given do to the run's settings. Each flag is checked on its own over the defaults, so every
    /// bad one goes to <paramref name="problems"/> named by its flag; the override applies the good ones.
    /// </summary>
    public Func<RunSettings, RunSettings> Read(ParseResult parsed, FlagProblems problems)
    {
        var overrides = new List<Func<RunSettings, RunSettings>>();
        void Add(Option<string?> flag, Func<RunSettings, RunSettings> apply)
        {
            if (problems.InRange(flag, parsed.GetValue(flag), apply, RunSettings.Default, s => s.Validate()))
            {
                overrides.Add(apply);
            }
        }

        if (problems.Integer(parsed, Concurrency) is { } concurrency)
        {
            Add(Concurrency, s => s with { Concurrency = concurrency });
        }

        if (problems.Integer(parsed, PerHost) is { } perHost)
        {
            Add(PerHost, s => s with { PerHostConcurrency = perHost });
        }

        if (problems.Duration(parsed, Delay) is { } delay)
        {
            Add(Delay, s => s with { PerHostDelay = delay });
        }

        if (problems.Duration(parsed, Jitter) is { } jitter)
        {
            Add(Jitter, s => s with { Jitter = jitter });
        }

        if (problems.Integer(parsed, Retries) is { } retries)
        {
            Add(Retries, s => s with { Retries = retries });
        }

        if (problems.Duration(parsed, MaxRetryAfter) is { } maxRetryAfter)
        {
            Add(MaxRetryAfter, s => s with { MaxRetryAfter = maxRetryAfter });
        }

        if (parsed.GetValue(IgnoreRobots))
        {
            overrides.Add(s => s with { RespectRobots = false });
        }

        switch (parsed.GetValue(KeyBy))
        {
            case null:
                break;
            case "host":
                overrides.Add(s => s with { KeyByRegistrableDomain = false });
                break;
            case "domain":
                overrides.Add(s => s with { KeyByRegistrableDomain = true });
                break;
            case var other:
                problems.Add($"--key-by '{other}' is not host or domain");
                break;
        }

        return settings => overrides.Aggregate(settings, (s, apply) => apply(s));
    }
}
