namespace Gleaner.Cluster;

/// <summary>A fetch's deadlines and caps, field by field as one node's fetch limits hold them.</summary>
/// <param name="DnsTimeout">Deadline for name resolution.</param>
/// <param name="ConnectTimeout">Deadline for the TCP connect.</param>
/// <param name="TlsTimeout">Deadline for the TLS handshake.</param>
/// <param name="HeadersTimeout">Deadline from the request to the response headers.</param>
/// <param name="TotalTimeout">Deadline from DNS to the last decoded byte.</param>
/// <param name="StallBytes">The stall guard's least bytes per window (0: off).</param>
/// <param name="StallWindow">The stall guard's window.</param>
/// <param name="MaxBodyBytes">Cap on the decoded body.</param>
/// <param name="MaxWireBytes">Cap on the body's bytes on the wire.</param>
/// <param name="MaxHeaderCount">Cap on response headers.</param>
/// <param name="MaxRedirects">Cap on redirect hops.</param>
/// <param name="AllowPrivate">True when the target may reach private and loopback addresses.</param>
[GenerateSerializer, Immutable]
public sealed record ClusterLimits(
    [property: Id(0)] TimeSpan DnsTimeout,
    [property: Id(1)] TimeSpan ConnectTimeout,
    [property: Id(2)] TimeSpan TlsTimeout,
    [property: Id(3)] TimeSpan HeadersTimeout,
    [property: Id(4)] TimeSpan TotalTimeout,
    [property: Id(5)] long StallBytes,
    [property: Id(6)] TimeSpan StallWindow,
    [property: Id(7)] long MaxBodyBytes,
    [property: Id(8)] long MaxWireBytes,
    [property: Id(9)] int MaxHeaderCount,
    [property: Id(10)] int MaxRedirects,
    [property: Id(11)] bool AllowPrivate);
