using Orleans.Placement;

namespace Gleaner.Cluster.Fetching;

/// <summary>
/// The grain behind <see cref="IFetchGrain"/>: placed at random, so samples spread across the silos; each runs under
/// the host grain's leases (<see cref="LeasedSampler"/>). A call here returns within its window whether or not the
/// sample ended (the sample goes on in the activation, and the caller asks again).
/// </summary>
[RandomPlacement]
internal sealed class FetchGrain(LeasedSampler sampler) : Grain, IFetchGrain
{
    private ClusterTarget? _target;
    private Task<ClusterRecord>? _running;

    public async Task<ClusterRecord?> TrySampleAsync(ClusterTarget target, ClusterPolicy policy, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (_running is null || _target is null)
        {
            _target = target;
            _running = SampleAsync(target, policy);
        }
        else if (_target.Name != target.Name || _target.Url != target.Url)
        {
            throw new InvalidOperationException($"fetch grain {this.GetPrimaryKeyLong()} is sampling {_target.Name}, not {target.Name}");
        }

        var running = _running;
        try
        {
            // The window is real time, as Orleans' response timeout is: not the politeness clock.
            await running.WaitAsync(within, TimeProvider.System);
        }
        catch (TimeoutException) when (!running.IsCompleted)
        {
            return null;
        }
        finally
        {
            if (running.IsCompleted)
            {
                _running = null;
                _target = null;
            }
        }

        return await running;
    }

    private async Task<ClusterRecord> SampleAsync(ClusterTarget target, ClusterPolicy policy)
    {
        var sampled = await sampler.SampleAsync(ClusterTargets.ToTarget(target), policy);
        return ClusterTargets.ToRecord(sampled.Result, sampled.Attempts, RuntimeIdentity);
    }
}
