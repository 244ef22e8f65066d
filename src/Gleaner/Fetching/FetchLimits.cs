namespace Gleaner.Fetching;

/// <summary>
/// The bounds on one fetch. Every fetch has all of them; a target or a command line overrides any of them.
/// Immutable: validate once with <see cref="Validate"/> and share.
/// </summary>
public sealed record FetchLimits
{
    /// <summary>The defaults documented in the README.</summary>
    public static FetchLimits Default { get; } = new();

    /// <summary>Deadline for resolving the host name. Default 5 s.</summary>
    public TimeSpan DnsTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline for establishing the TCP connection. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline for the TLS handshake. Default 5 s.</summary>
    public TimeSpan TlsTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline from sending the request on a ready connection to the end of the response headers. Default 10 s.</summary>
    public TimeSpan HeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>One total deadline from DNS to the last decoded byte, across all redirect hops. Default 10 s.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The stall guard for the body. Default 2 KiB per 5 s.</summary>
    public StallRule Stall { get; init; } = StallRule.Default;

    /// <summary>Cap on the decoded body (after gzip/deflate/br). Default 2 MiB.</summary>
    public long MaxBodyBytes { get; init; } = 2L << 20;

    /// <summary>Cap on the body bytes as received, before decoding. Default 2 MiB.</summary>
    public long MaxWireBytes { get; init; } = 2L << 20;

    /// <summary>Cap on the number of response header fields. Default 256.</summary>
    public int MaxHeaderCount { get; init; } = 256;

    /// <summary>Redirects followed at most. Default 10.</summary>
    public int MaxRedirects { get; init; } = 10;

    /// <summary>
    /// Lets a named host name resolve to loopback, private or unique-local addresses (and redirects reach them).
    /// Link-local (cloud metadata), multicast and reserved addresses stay blocked. Default false.
    /// </summary>
    public bool AllowPrivate { get; init; }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming every field out of its range (one problem per field, joined by
    /// "; "), so a caller fixes them all at once; returns this when all are in range.
    /// </summary>
    public FetchLimits Validate()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new ArgumentException(string.Join("; ", problems));
    }

    /// <summary>Every field out of its range, one line each, in declaration order; empty when all are in range.</summary>
    internal List<string> Problems()
    {
        var problems = new List<string>();
        Duration(DnsTimeout, "dns timeout", problems);
        Duration(ConnectTimeout, "connect timeout", problems);
        Duration(TlsTimeout, "tls timeout", problems);
        Duration(HeadersTimeout, "headers timeout", problems);
        Duration(TotalTimeout, "timeout", problems);
        if (Stall.MinBytes < 0 || (Stall.MinBytes > 0 && (Stall.Window <= TimeSpan.Zero || Stall.Window > TimeSpan.FromHours(1))))
        {
            problems.Add($"stall must be off or a size per window of 1ms to 1h, not {Stall.MinBytes} bytes per {Stall.Window}");
        }

        Range(MaxBodyBytes, 1, 1L << 30, "max_bytes must be between 1 and 1GiB", problems);
        Range(MaxWireBytes, 1, 1L << 30, "max_wire_bytes must be between 1 and 1GiB", problems);
        Range(MaxHeaderCount, 1, 10_000, "max_headers must be between 1 and 10000", problems);
        Range(MaxRedirects, 0, 100, "max_redirects must be between 0 and 100", problems);
        return problems;
    }

    private static void Duration(TimeSpan value, string name, List<string> problems)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromHours(1))
        {
            problems.Add($"{name} must be between 1ms and 1h, not {value}");
        }
    }

    private static void Range(long value, long min, long max, string rule, List<string> problems)
    {
        if (value < min || value > max)
        {
            problems.Add($"{rule}, not {value}");
        }
    }
}
