namespace Gleaner.Cluster.Hosts;

/// <summary>
/// The grain behind <see cref="IHostGrain"/>: one activation per host key holds its <see cref="HostLeases"/> in
/// memory. Not reentrant, so requests and releases take turns and need no lock. An activation that is lost (its silo
/// died, or it was collected when idle) comes back fresh: leases held then are forgotten, and the delay and breaker
/// start over.
/// </summary>
internal sealed class HostGrain(GrainClock clock) : Grain, IHostGrain
{
    private readonly HostLeases _leases = new(clock.Time);

    public Task<HostGrant> RequestAsync(LeaseRequest request) => Task.FromResult(_leases.Request(request));

    public Task ReleaseAsync(Guid leaseId, FetchReport report)
    {
        _leases.Release(leaseId, report);
        return Task.CompletedTask;
    }
}
