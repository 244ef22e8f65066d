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

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field out of its range.</summary>
    public FetchLimits Validate()
    {
        Positive(DnsTimeout, "dns timeout");
        Positive(ConnectTimeout, "connect timeout");
        Positive(TlsTimeout, "tls timeout");
        Positive(HeadersTimeout, "headers timeout");
        Positive(TotalTimeout, "timeout");
        if (MaxBodyBytes is < 1 or > 1L << 30)
        {
            throw new ArgumentException($"max_bytes must be between 1 and 1GiB, not {MaxBodyBytes}");
        }

        if (MaxWireBytes is < 1 or > 1L << 30)
        {
            throw new ArgumentException($"max_wire_bytes must be between 1 and 1GiB, not {MaxWireBytes}");
        }

        if (MaxHeaderCount is < 1 or > 10_000)
        {
            throw new ArgumentException($"max_headers must be between 1 and 10000, not {MaxHeaderCount}");
        }

        if (MaxRedirects is < 0 or > 100)
        {
            throw new ArgumentException($"max_redirects must be between 0 and 100, not {MaxRedirects}");
        }

        return this;
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"{name} must be between 1ms and 1h, not {value}");
        }
    }
}
