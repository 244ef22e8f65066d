using System.CommandLine;
using Gleaner.Fetching;

namespace Gleaner.Cli.Options;

/// <summary>The fetch limit flags shared by <c>get</c> and <c>run</c>; each overrides one default.</summary>
internal sealed class LimitOptions
{
    public Option<string?> Timeout { get; } = new("--timeout") { Description = "Total deadline per fetch, DNS to last byte (default 10s)" };
    public Option<string?> HeadersTimeout { get; } = new("--headers-timeout") { Description = "Deadline for the response headers on a ready connection (default 10s)" };
    public Option<string?> ConnectTimeout { get; } = new("--connect-timeout") { Description = "Deadline for each of DNS, TCP connect and TLS (default 5s)" };
    public Option<string?> Stall { get; } = new("--stall") { Description = "Stall guard: fail when fewer than SIZE arrive in WINDOW, e.g. 2KiB/5s, or off (default 2KiB/5s)" };
    public Option<string?> MaxBytes { get; } = new("--max-bytes") { Description = "Cap on the decoded body (default 2MiB)" };
    public Option<string?> MaxRedirects { get; } = new("--max-redirects") { Description = "Redirects followed at most (default 10)" };
    public Option<bool> AllowPrivate { get; } = new("--allow-private") { Description = "Let a named host name resolve to loopback or private addresses" };

    private Option[] All => [Timeout, HeadersTimeout, ConnectTimeout, Stall, MaxBytes, MaxRedirects, AllowPrivate];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>True when any limit flag was given.</summary>
    public bool AnyGiven(ParseResult parsed) => All.Any(o => parsed.GetResult(o) is { Implicit: false });

    /// <summary>
    /// What the flags given do to a target's limits. Each flag is checked on its own over the defaults, so every
    /// bad one goes to <paramref name="problems"/> named by its flag; the override applies the good ones.
    /// </summary>
    public Func<FetchLimits, FetchLimits> Read(ParseResult parsed, FlagProblems problems)
    {
        var overrides = new List<Func<FetchLimits, FetchLimits>>();
        void Add(Option<string?> flag, Func<FetchLimits, FetchLimits> apply)
        {
            // One flag may set several fields (--max-bytes sets both body caps): its first problem says it.
            if (problems.InRange(flag, parsed.GetValue(flag), apply, FetchLimits.Default,
                l => l.Problems() is [var problem, ..] ? throw new ArgumentException(problem) : l))
            {
                overrides.Add(apply);
            }
        }

        if (problems.Duration(parsed, Timeout) is { } total)
        {
            Add(Timeout, l => l with { TotalTimeout = total });
        }

        if (problems.Duration(parsed, HeadersTimeout) is { } headers)
        {
            Add(HeadersTimeout, l => l with { HeadersTimeout = headers });
        }

        if (problems.Duration(parsed, ConnectTimeout) is { } connect)
        {
            Add(ConnectTimeout, l => l with { DnsTimeout = connect, ConnectTimeout = connect, TlsTimeout = connect });
        }

        if (problems.Stall(parsed, Stall) is { } stall)
        {
            Add(Stall, l => l with { Stall = stall });
        }

        if (problems.Size(parsed, MaxBytes) is { } bytes)
        {
            Add(MaxBytes, l => l with { MaxBodyBytes = bytes, MaxWireBytes = bytes });
        }

        if (problems.Integer(parsed, MaxRedirects) is { } redirects)
        {
            Add(MaxRedirects, l => l with { MaxRedirects = redirects });
        }

        if (parsed.GetValue(AllowPrivate))
        {
            overrides.Add(l => l with { AllowPrivate = true });
        }

        return limits => overrides.Aggregate(limits, (l, apply) => apply(l));
    }

    /// <summary>Applies the flags given over <paramref name="defaults"/>; throws <see cref="ArgumentException"/> naming the first bad flag.</summary>
    public FetchLimits Build(ParseResult parsed, FetchLimits defaults)
    {
        var problems = new FlagProblems();
        var apply = Read(parsed, problems);
        return problems.First is { } first ? throw first : apply(defaults).Validate();
    }
}
