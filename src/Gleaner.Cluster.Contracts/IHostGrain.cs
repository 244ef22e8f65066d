namespace Gleaner.Cluster;

/// <summary>
/// Politeness for one host key (the engine's host or registrable domain) across the whole cluster: the only place
/// that grants fetch starts for that host. Every fetch asks for a lease first and gives it back with what happened,
/// so per-host concurrency, the delay between starts, Retry-After and the circuit breaker hold however many silos
/// fetch from the host. One activation per key; its state is in memory only.
/// </summary>
public interface IHostGrain : IGrainWithStringKey
{
    /// <summary>
    /// A lease to start one fetch now, or how long to wait before asking again. Leases not released by their
    /// deadline are taken back on the next request.
    /// </summary>
    Task<HostGrant> RequestAsync(LeaseRequest request);

    /// <summary>
    /// Gives a lease back with what its fetch saw, which moves the host's delay and breaker. A lease already taken
    /// back (released past its deadline) frees nothing, but its report still counts.
    /// </summary>
    Task ReleaseAsync(Guid leaseId, FetchReport report);

    /// <summary>What the host grants now: leases in use, the limit in force, requests waiting, push-back and breaker.</summary>
    Task<HostSnapshot> SnapshotAsync();
}
