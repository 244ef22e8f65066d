using Gleaner.Engine;
using Gleaner.Fetching;
using Gleaner.Targets;
using Orleans.Placement;

namespace Gleaner.Cluster.Fetching;

/// <summary>
/// The grain behind <see cref="IFetchGrain"/>: placed at random, so a batch's targets spread across the silos. Each
/// attempt (retries too) holds a lease of the target's host grain while it fetches; between them it waits as the host
/// or the retry backoff says, on <see cref="GrainClock"/>. robots.txt comes first: the host grain refuses a URL it
/// disallows, and when no answer is known for the origin, the first asker's lease fetches robots.txt for everyone.
/// The call chain stays short: a call here returns within its window whether or not the sample ended (the sample goes
/// on in the activation, and the caller asks again), and each call to the host grain returns at once.
/// </summary>
[RandomPlacement]
internal sealed class FetchGrain(Fetcher fetcher, TargetRunner runner, GrainClock clock) : Grain, IFetchGrain
{
    // A lease outlives its fetch's total deadline by this much before it is taken back: enough for the release to
    // arrive from a live silo, short enough that a dead one blocks the host only briefly.
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

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
        ArgumentNullException.ThrowIfNull(policy);
        var sample = ClusterTargets.ToTarget(target);
        var host = GrainFactory.GetGrain<IHostGrain>(HostKeys.For(policy.KeyByRegistrableDomain)(sample.Url));
        var request = new LeaseRequest(policy.PerHostConcurrency, policy.PerHostDelay, sample.Limits.TotalTimeout + LeaseMargin, policy.MaxRetryAfter)
        {
            Jitter = policy.PerHostJitter,
            RobotsUrl = policy.RespectRobots ? sample.Url : null,
            RobotsAgent = RobotsCache.ProductToken,
        };
        var maxAttempts = policy.Retries + 1;
        var attempts = 0;
        while (true)
        {
            var grant = await LeaseAsync(host, request);
            if (grant.Wait == HostWait.RobotsDenied)
            {
                var denied = TargetResult.NotFetched(sample, Outcome.RobotsDenied, grant.Denial ?? "robots.txt disallows it", clock.Time.GetUtcNow());
                return ClusterTargets.ToRecord(denied, attempts, RuntimeIdentity);
            }

            if (grant.LeaseId is not { } lease)
            {
                return ClusterTargets.ToRecord(FailFast(sample, grant), attempts, RuntimeIdentity);
            }

            if (grant.FetchRobots)
            {
                if (await FetchRobotsAsync(host, lease, sample) is { } local)
                {
                    return ClusterTargets.ToRecord(local, attempts, RuntimeIdentity);
                }

                continue;
            }

            var result = await FetchAsync(host, lease, sample);
            attempts++;
            if (RetryDelays.Next(result, attempts, maxAttempts, policy.MaxRetryAfter) is not { } wait)
            {
                return ClusterTargets.ToRecord(result, attempts, RuntimeIdentity);
            }

            await Task.Delay(wait, clock.Time);
        }
    }

    /// <summary>A lease, or the host's answer when robots.txt refuses the URL or its breaker is open (the target then fails fast, as on one node).</summary>
    private async Task<HostGrant> LeaseAsync(IHostGrain host, LeaseRequest request)
    {
        while (true)
        {
            var grant = await host.RequestAsync(request);
            if (grant.IsLease || grant.Wait is HostWait.CircuitOpen or HostWait.RobotsDenied)
            {
                return grant;
            }

            var wait = grant.Until - clock.Time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock.Time);
            }
        }
    }

    /// <summary>
    /// Fetches robots.txt under <paramref name="lease"/> and gives the lease back with what it says; the result that
    /// ends the target when this silo could not ask (a local limit: as on one node, nothing is assumed), else null.
    /// </summary>
    private async Task<TargetResult?> FetchRobotsAsync(IHostGrain host, Guid lease, Target target)
    {
        (RobotsReport Report, FetchResult Fetch)? robots = null;
        try
        {
            robots = await RobotsDuty.FetchAsync(fetcher, target);
        }
        finally
        {
            // A fetch that threw still ends the duty, so the next asker takes it over.
            var report = robots is { Fetch: var fetch, Report: var found }
                ? new FetchReport(fetch.Outcome.ToName(), fetch.Status, null, HostDown: false) { Robots = found }
                : new FetchReport(Outcome.Internal.ToName(), null, null, HostDown: false);
            await host.ReleaseAsync(lease, report);
        }

        var said = robots.Value.Report;
        return said.Local is { } local && OutcomeNames.TryParse(local, out var outcome)
            ? TargetResult.NotFetched(target, outcome, $"robots.txt of {said.Origin} could not be fetched: {said.Error}", clock.Time.GetUtcNow())
            : null;
    }

    private async Task<TargetResult> FetchAsync(IHostGrain host, Guid lease, Target target)
    {
        TargetResult? result = null;
        try
        {
            result = await runner.RunAsync(target);
            return result;
        }
        finally
        {
            // A fetch that threw (a bug of Gleaner's) still gives its lease back; its report says so.
            var report = result is null
                ? new FetchReport(Outcome.Internal.ToName(), null, null, HostDown: false)
                : new FetchReport(result.Outcome.ToName(), result.Fetch.Status, result.Fetch.RetryAfter, TransientOutcomes.IsHostDown(result));
            await host.ReleaseAsync(lease, report);
        }
    }

    private TargetResult FailFast(Target target, HostGrant grant)
    {
        var outcome = grant.DownOutcome is { } name && OutcomeNames.TryParse(name, out var down) ? down : Outcome.ConnectRefused;
        return TargetResult.NotFetched(target, outcome,
            $"not fetched: {target.Url.Authority} is down ({outcome.ToName()}); its circuit breaker is open until {grant.Until:O}",
            clock.Time.GetUtcNow());
    }
}
