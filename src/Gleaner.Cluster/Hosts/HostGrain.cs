using Orleans.Concurrency;

namespace Gleaner.Cluster.Hosts;

/// <summary>
/// The grain behind <see cref="IHostGrain"/>: one activation per host key holds its <see cref="HostLeases"/> in
/// memory. An activation that is lost (its silo died) comes back fresh: leases held then are forgotten, and the delay,
/// breaker and robots.txt answers start over. Idle collection does not forget what matters: after every call the
/// activation is kept at least until <see cref="HostLeases.KeepUntil"/> (live leases, the next start, a push-back, an
/// open breaker).
/// </summary>
/// <remarks>
/// A request that finds every lane taken, or robots.txt being fetched, waits here for a release (up to
/// <see cref="HoldFor"/>) instead of being told to ask again: a host with hundreds of fetches waiting would otherwise
/// take a call from each every 50 ms. So calls interleave; <see cref="HostLeases"/> is only touched between awaits,
/// on the activation's one thread, and needs no lock.
/// </remarks>
[Reentrant]
[GrainType(ClusterGrainTypes.Host)]
internal sealed class HostGrain(GrainClock clock) : Grain, IHostGrain
{
    /// <summary>The longest a request waits here for a lane: far below Orleans' 30 s response timeout.</summary>
    public static readonly TimeSpan HoldFor = TimeSpan.FromSeconds(2);

    private readonly HostLeases _leases = new(clock.Time);
    // Requests waiting for a release, oldest first: a release wakes the oldest, one that reported robots.txt wakes all.
    private readonly LinkedList<TaskCompletionSource> _waiting = new();

    public async Task<HostGrant> RequestAsync(LeaseRequest request)
    {
        var holdUntil = clock.Time.GetUtcNow() + HoldFor;
        while (true)
        {
            var grant = _leases.Request(request);
            KeepWhileItMatters();
            var left = holdUntil - clock.Time.GetUtcNow();
            if (grant.Wait is not (HostWait.ConcurrencyFull or HostWait.RobotsPending) || left <= TimeSpan.Zero)
            {
                return grant;
            }

            var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var place = _waiting.AddLast(woken);
            await Task.WhenAny(woken.Task, Task.Delay(left, clock.Time));
            if (place.List is not null)
            {
                _waiting.Remove(place);
            }
        }
    }

    public Task ReleaseAsync(Guid leaseId, FetchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _leases.Release(leaseId, report);
        KeepWhileItMatters();
        for (var wake = report.Robots is null ? 1 : _waiting.Count; wake > 0 && _waiting.First is { } first; wake--)
        {
            _waiting.RemoveFirst();
            first.Value.TrySetResult();
        }

        return Task.CompletedTask;
    }

    public Task<HostSnapshot> SnapshotAsync()
    {
        var now = clock.Time.GetUtcNow();
        return Task.FromResult(new HostSnapshot(_leases.Live, _leases.Limit, _waiting.Count, _leases.PushedUntilAfter(now), _leases.OpenUntilAfter(now)));
    }

    // Each call sets the keep-alive anew (Orleans keeps the last one asked), from the whole state, so a release that
    // ends the last lease shortens it again.
    private void KeepWhileItMatters()
    {
        var left = _leases.KeepUntil - clock.Time.GetUtcNow();
        DelayDeactivation(left > TimeSpan.Zero ? left.Value : TimeSpan.Zero);
    }
}
