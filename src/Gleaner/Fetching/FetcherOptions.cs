using System.Net;
using System.Net.Security;

namespace Gleaner.Fetching;

/// <summary>Settings shared by every fetch of one <see cref="Fetcher"/> (its connection pools).</summary>
public sealed record FetcherOptions
{
    /// <summary>The clock for every deadline and timing. Tests pass a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The User-Agent sent with every request: honest, with a way to reach the operator.</summary>
    public string UserAgent { get; init; } = "Gleaner/0.1 (+https://github.com/gleaner/gleaner)";

    /// <summary>Cap on the total size of response headers, in bytes. Default 64 KiB.</summary>
    public int MaxHeaderBytes { get; init; } = 64 << 10;

    /// <summary>
    /// How long an idle pooled connection is kept. Default 10 s: the handler also forgets a host's pool only after
    /// about this long, so a crawl of many hosts holds the pools of the last few seconds' hosts, not of the last
    /// half minute's (bench/README.md, many hosts: max RSS 416 MB at 30 s, 286 MB at 10 s).
    /// </summary>
    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Idle connections kept open at most, across all hosts; beyond it the least recently used are closed, so a crawl
    /// of many hosts holds a bounded number of descriptors. Default 512.
    /// </summary>
    public int MaxIdleConnections { get; init; } = 512;

    /// <summary>
    /// Connections open (or opening) at most. Null, the default, takes the process's descriptor limit
    /// (<c>ulimit -n</c>) less 128 (at most half of it), kept for outputs, SQLite and the runtime. A fetch that would
    /// need one more, with none idle to close, fails as <see cref="Outcome.LocalLimit"/>.
    /// </summary>
    public int? MaxConnections { get; init; }

    /// <summary>
    /// Resolves a host name to addresses. Defaults to the system resolver; the engine plugs in a caching one and
    /// tests a scripted one.
    /// </summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; init; } = Dns.GetHostAddressesAsync;

    /// <summary>
    /// Tests only, until a target can name its own CA: decides whether a server's certificate is trusted, in place
    /// of the system's trust store, so tests can reach a local server with a certificate they made. Null (the
    /// default, and the only value outside tests) keeps the system's checks.
    /// </summary>
    internal RemoteCertificateValidationCallback? ServerCertificateCheck { get; init; }
}
