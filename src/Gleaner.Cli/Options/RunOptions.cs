using System.CommandLine;
using Gleaner.Engine;
using Gleaner.Units;

namespace Gleaner.Cli.Options;

/// <summary>The run-level flags of <c>gleaner run</c>; each one wins over the job file's <c>defaults</c>.</summary>
internal sealed class RunOptions
{
    public Option<int?> Concurrency { get; } = new("--concurrency") { Description = "Fetches in flight at most, over all hosts (default 256)" };
    public Option<int?> PerHost { get; } = new("--per-host") { Description = "Fetches in flight at most per host (default 4)" };
    public Option<string?> Delay { get; } = new("--delay") { Description = "Least time between two fetches to one host, e.g. 1s (default 0)" };
    public Option<string?> Jitter { get; } = new("--jitter") { Description = "Random extra delay per fetch, up to this (default 0)" };
    public Option<int?> Retries { get; } = new("--retries") { Description = "Retries of transient failures: refused, reset, timeouts, 429, 5xx (default 2)" };
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

    /// <summary>Applies the flags given over <paramref name="settings"/>; throws <see cref="ArgumentException"/> naming the flag.</summary>
    public RunSettings Build(ParseResult parsed, RunSettings settings)
    {
        var s = settings;
        if (parsed.GetValue(Concurrency) is { } concurrency)
        {
            s = s with { Concurrency = concurrency };
        }

        if (parsed.GetValue(PerHost) is { } perHost)
        {
            s = s with { PerHostConcurrency = perHost };
        }

        if (parsed.GetValue(Delay) is { } delay)
        {
            s = s with { PerHostDelay = ParseDuration("--delay", delay) };
        }

        if (parsed.GetValue(Jitter) is { } jitter)
        {
            s = s with { Jitter = ParseDuration("--jitter", jitter) };
        }

        if (parsed.GetValue(Retries) is { } retries)
        {
            s = s with { Retries = retries };
        }

        if (parsed.GetValue(MaxRetryAfter) is { } maxRetryAfter)
        {
            s = s with { MaxRetryAfter = ParseDuration("--max-retry-after", maxRetryAfter) };
        }

        if (parsed.GetValue(IgnoreRobots))
        {
            s = s with { RespectRobots = false };
        }

        if (parsed.GetValue(KeyBy) is { } keyBy)
        {
            s = s with
            {
                KeyByRegistrableDomain = keyBy switch
                {
                    "host" => false,
                    "domain" => true,
                    _ => throw new ArgumentException($"--key-by '{keyBy}' is not host or domain"),
                },
            };
        }

        try
        {
            return s.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"run settings: {e.Message}", e);
        }
    }

    private static TimeSpan ParseDuration(string flag, string text) =>
        Duration.TryParse(text, out var d, out var problem) ? d : throw new ArgumentException($"{flag} {problem}");
}
