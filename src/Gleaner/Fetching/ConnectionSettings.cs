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
    /// A private CA trusted besides the system's store: a server certificate it issued verifies (name and dates are
    /// still checked). Null: the system's store alone.
    /// </summary>
    public PrivateCa? PrivateCa { get; init; }

    /// <summary>
    /// Accept any server certificate, unverified: for testing only, never a default. Anyone on the path can then
    /// read and change what is fetched, secret headers included.
    /// </summary>
    public bool Insecure { get; init; }

    /// <summary>
    /// The proxies and the hosts that bypass them; null reaches every host directly (and lets a caller that reads
    /// the environment put its proxies here, where <see cref="ProxySettings.Direct"/> says no proxy was wanted).
    /// </summary>
    public ProxySettings? Proxy { get; init; }
}
