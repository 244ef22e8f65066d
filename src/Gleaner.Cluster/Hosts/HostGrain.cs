namespace Gleaner.Cluster.Hosts;

/// <summary>
/// The grain behind <see cref="IHostGrain"/>: one activation per host key holds its <see cref="HostLeases"/> in
/// memory. Not reentrant, so requests and releases take turns and need no lock. An activation that is lost (its silo
/// died) comes back fresh: leases held then are forgotten, and the delay, breaker and robots.txt answers start over.
/// Idle collection does not forget what matters: after every call the activation is kept at least until
/// <see cref="HostLeases.KeepUntil"/> (live leases, the next start, a push-back, an open breaker).
/// </summary>
internal sealed class HostGrain(GrainClock clock) : Grain, IHostGrain
{
    private readonly HostLeases _leases = new(clock.Time);

    public Task<HostGrant> RequestAsync(LeaseRequest request)
    {
        var grant = _leases.Request(request);
        KeepWhileItMatters();
        return Task.FromResult(grant);
    }

    public Task ReleaseAsync(Guid leaseId, FetchReport report)
    {
        _leases.Release(leaseId, report);
        KeepWhileItMatters();
        return Task.CompletedTask;
    }

    // Each call sets the keep-alive anew (Orleans keeps the last one asked), from the whole state, so a release that
    // ends the last lease shortens it again.
    private void KeepWhileItMatters()
    {
        var left = _leases.KeepUntil - clock.Time.GetUtcNow();
        DelayDeactivation(left > TimeSpan.Zero ? left.Value : TimeSpan.Zero);
    }
}
