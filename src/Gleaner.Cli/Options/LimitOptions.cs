using System.CommandLine;
using Gleaner.Fetching;
using Gleaner.Units;

namespace Gleaner.Cli.Options;

/// <summary>The fetch limit flags shared by <c>get</c> and <c>run</c>; each overrides one default.</summary>
internal sealed class LimitOptions
{
    public Option<string?> Timeout { get; } = new("--timeout") { Description = "Total deadline per fetch, DNS to last byte (default 10s)" };
    public Option<string?> HeadersTimeout { get; } = new("--headers-timeout") { Description = "Deadline for the response headers on a ready connection (default 10s)" };
    public Option<string?> ConnectTimeout { get; } = new("--connect-timeout") { Description = "Deadline for each of DNS, TCP connect and TLS (default 5s)" };
    public Option<string?> Stall { get; } = new("--stall") { Description = "Stall guard: fail when fewer than SIZE arrive in WINDOW, e.g. 2KiB/5s, or off (default 2KiB/5s)" };
    public Option<string?> MaxBytes { get; } = new("--max-bytes") { Description = "Cap on the decoded body (default 2MiB)" };
    public Option<int?> MaxRedirects { get; } = new("--max-redirects") { Description = "Redirects followed at most (default 10)" };
    public Option<bool> AllowPrivate { get; } = new("--allow-private") { Description = "Let a named host name resolve to loopback or private addresses" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Timeout, HeadersTimeout, ConnectTimeout, Stall, MaxBytes, MaxRedirects, AllowPrivate })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>True when any limit flag was given.</summary>
    public bool AnyGiven(ParseResult parsed) =>
        new Option[] { Timeout, HeadersTimeout, ConnectTimeout, Stall, MaxBytes, MaxRedirects, AllowPrivate }.Any(o => parsed.GetResult(o) is { Implicit: false });

    /// <summary>Applies the flags given over <paramref name="defaults"/>; throws <see cref="ArgumentException"/> naming the flag.</summary>
    public FetchLimits Build(ParseResult parsed, FetchLimits defaults)
    {
        var limits = defaults;
        if (parsed.GetValue(Timeout) is { } timeout)
        {
            limits = limits with { TotalTimeout = ParseDuration("--timeout", timeout) };
        }

        if (parsed.GetValue(HeadersTimeout) is { } headers)
        {
            limits = limits with { HeadersTimeout = ParseDuration("--headers-timeout", headers) };
        }

        if (parsed.GetValue(ConnectTimeout) is { } connect)
        {
            var d = ParseDuration("--connect-timeout", connect);
            limits = limits with { DnsTimeout = d, ConnectTimeout = d, TlsTimeout = d };
        }

        if (parsed.GetValue(Stall) is { } stall)
        {
            limits = limits with { Stall = StallRule.TryParse(stall, out var rule, out var problem) ? rule : throw new ArgumentException($"--stall {problem}") };
        }

        if (parsed.GetValue(MaxBytes) is { } maxBytes)
        {
            var bytes = ByteSize.TryParse(maxBytes, out var b, out var problem) ? b : throw new ArgumentException($"--max-bytes {problem}");
            limits = limits with { MaxBodyBytes = bytes, MaxWireBytes = bytes };
        }

        if (parsed.GetValue(MaxRedirects) is { } redirects)
        {
            limits = limits with { MaxRedirects = redirects };
        }

        if (parsed.GetValue(AllowPrivate))
        {
            limits = limits with { AllowPrivate = true };
        }

        return limits.Validate();
    }

    private static TimeSpan ParseDuration(string flag, string text) =>
        Duration.TryParse(text, out var d, out var problem) ? d : throw new ArgumentException($"{flag} {problem}");
}
