using Gleaner.Fetching;

namespace Gleaner.Jobs;

/// <summary>
/// The fetch-limit keys, allowed under <c>defaults</c> and in each target. Each key reads into an override
/// that is checked on its own against <see cref="FetchLimits.Validate"/>, so a value out of range is reported at
/// the key that holds it.
/// </summary>
internal static class LimitKeys
{
    /// <summary>The keys, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["timeout", "headers_timeout", "connect_timeout", "stall", "max_bytes", "max_redirects", "allow_private"];

    /// <summary>Reads <paramref name="key"/>'s value into an override, or returns null after reporting the problem.</summary>
    public static Func<FetchLimits, FetchLimits>? Read(string key, JobNode value, JobErrors errors)
    {
        Func<FetchLimits, FetchLimits>? apply = null;
        switch (key)
        {
            case "timeout" when ScalarReader.TryDuration(value, key, errors, out var total):
                apply = l => l with { TotalTimeout = total };
                break;
            case "headers_timeout" when ScalarReader.TryDuration(value, key, errors, out var headers):
                apply = l => l with { HeadersTimeout = headers };
                break;
            case "connect_timeout" when ScalarReader.TryDuration(value, key, errors, out var connect):
                // One knob for the three phases of getting a connection: DNS, TCP connect and TLS.
                apply = l => l with { DnsTimeout = connect, ConnectTimeout = connect, TlsTimeout = connect };
                break;
            case "stall" when ScalarReader.TryStall(value, key, errors, out var stall):
                apply = l => l with { Stall = stall };
                break;
            case "max_bytes" when ScalarReader.TrySize(value, key, errors, out var bytes):
                apply = l => l with { MaxBodyBytes = bytes, MaxWireBytes = bytes };
                break;
            case "max_redirects" when ScalarReader.TryInteger(value, key, errors, out var redirects):
                apply = l => l with { MaxRedirects = redirects };
                break;
            case "allow_private" when ScalarReader.TryBoolean(value, key, errors, out var allow):
                apply = l => l with { AllowPrivate = allow };
                break;
        }

        if (apply is null)
        {
            return null;
        }

        // One key may set several fields (max_bytes sets both body caps): its first problem says it.
        if (apply(FetchLimits.Default).Problems() is [var problem, ..])
        {
            errors.Add(value, $"{key}: {ScalarReader.Shown(value)} is out of range ({problem})");
            return null;
        }

        return apply;
    }
}
