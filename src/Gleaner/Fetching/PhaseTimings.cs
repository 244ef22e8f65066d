namespace Gleaner.Fetching;

/// <summary>
/// Where the time of one fetch went, summed over redirect hops. A reused connection spends nothing on
/// DNS, connect or TLS.
/// </summary>
public sealed record PhaseTimings
{
    /// <summary>Resolving host names.</summary>
    public TimeSpan Dns { get; init; }

    /// <summary>Establishing TCP connections.</summary>
    public TimeSpan Connect { get; init; }

    /// <summary>TLS handshakes.</summary>
    public TimeSpan Tls { get; init; }

    /// <summary>From sending each request on a ready connection to its response headers.</summary>
    public TimeSpan Headers { get; init; }

    /// <summary>Reading and decoding the final body.</summary>
    public TimeSpan Body { get; init; }

    /// <summary>Everything, from the first DNS query to the last decoded byte.</summary>
    public TimeSpan Total { get; init; }
}
