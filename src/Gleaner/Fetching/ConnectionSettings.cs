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
}
