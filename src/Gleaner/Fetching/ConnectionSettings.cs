using Gleaner.Fetching.Proxies;

namespace Gleaner.Fetching;

/// <summary>
/// How a fetch's connections are made. The fetcher keeps one connection pool per distinct value (with the address
/// permission), so a target's settings never leak into another's connections: keep one instance per job setting,
/// not one per fetch.
/// </summary>
public sealed record ConnectionSettings
{
    /// <summary>Direct connections, the system's trust store: what a target gets unless it says otherwise.</summary>
    public static ConnectionSettings Default { get; } = new();

    /// <summary>
    /// The proxies and the hosts that bypass them; null reaches every host directly (and lets a caller that reads
    /// the environment put its proxies here, where <see cref="ProxySettings.Direct"/> says no proxy was wanted).
    /// </summary>
    public ProxySettings? Proxy { get; init; }
}
