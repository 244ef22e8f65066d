using System.Net;

namespace Gleaner.Fetching;

/// <summary>Settings shared by every fetch of one <see cref="Fetcher"/> (its connection pools).</summary>
public sealed record FetcherOptions
{
    /// <summary>The clock for every deadline and timing. Tests pass a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The User-Agent sent with every request unless a target sends its own: honest, naming Gleaner, its version
    /// and where to read about it. Default <see cref="DefaultUserAgent"/>.
    /// </summary>
    public string UserAgent { get; init; } = DefaultUserAgent;

    /// <summary>Gleaner's own User-Agent: <c>Gleaner/VERSION (+https://github.com/gleaner/gleaner)</c>, the library's version.</summary>
    public static string DefaultUserAgent { get; } =
        $"Gleaner/{typeof(FetcherOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"} (+https://github.com/gleaner/gleaner)";

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
}
