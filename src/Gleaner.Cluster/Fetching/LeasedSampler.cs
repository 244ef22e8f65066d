using Gleaner.Engine;
using Gleaner.Fetching;
using Gleaner.Targets;

namespace Gleaner.Cluster.Fetching;

/// <summary>How a target ended under the host grain's leases: the result, the attempts it took, when the first began.</summary>
internal sealed record LeasedResult(TargetResult Result, int Attempts, DateTimeOffset? Started);

/// <summary>
/// Samples one target as one node's engine does, with the host grain in place of the local host slot: each attempt
/// (retries too) holds a lease of the target's host grain while it fetches; between them it waits as the host or the
/// retry backoff says, on <see cref="GrainClock"/>. robots.txt comes first: the host grain refuses a URL it
/// disallows, and when no answer is known for the origin, the first asker's lease fetches robots.txt for everyone.
/// Each call to the host grain returns at once, so no call chain waits for politeness.
/// </summary>
/// <remarks>
/// A redirect to another origin asks that origin's robots.txt from this silo's own <see cref="RobotsCache"/>, as one
/// node does (without a lease of that host: one node takes no slot for it either). So each silo asks a
/// redirect's origin for robots.txt once a day, not once for the cluster.
/// </remarks>
internal sealed class LeasedSampler(IGrainFactory grains, Fetcher fetcher, TargetRunner runner, GrainClock clock, RobotsCache redirects)
{
    // A lease outlives its fetch's total deadline by this much before it is taken back: enough for the release to
    // arrive from a live silo, short enough that a dead one blocks the host only briefly.
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

    // How long to wait before asking a host grain again whose call failed (its silo died or did not answer).
    private static readonly TimeSpan HostRetryPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Samples <paramref name="target"/>; a watch's sample sends the validators of its last response
    /// (<paramref name="conditional"/>), and each of its fetches holds one of <paramref name="siloSlots"/> (the silo's
    /// global bound): taken before each request for a lease (so a lease is never held waiting for a slot, which could
    /// outlive its deadline) and given back while the host says wait (so a target waiting for a busy host holds no slot
    /// another host's target could use), else when the fetch ends.
    /// </summary>
    public async Task<LeasedResult> SampleAsync(Target target, ClusterPolicy policy, Validators? conditional = null, SemaphoreSlim? siloSlots = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(policy);
        var host = grains.GetGrain<IHostGrain>(HostKeys.For(policy.KeyByRegistrableDomain)(target.Url));
        var request = new LeaseRequest(policy.PerHostConcurrency, policy.PerHostDelay, target.Limits.TotalTimeout + LeaseMargin, policy.MaxRetryAfter)
        {
            Jitter = policy.PerHostJitter,
            RobotsUrl = policy.RespectRobots ? target.Url : null,
            RobotsAgent = RobotsIdentity.TokenOf(RobotsIdentity.AgentFor(target, target.Url)),
        };
        var maxAttempts = target.IsRetrySafe ? (target.Retries ?? policy.Retries) + 1 : 1;
        var attempts = 0;
        DateTimeOffset? started = null;
        while (true)
        {
            var grant = await LeaseAsync(host, request, siloSlots);
            if (grant.Wait == HostWait.RobotsDenied)
            {
                var denied = TargetResult.NotFetched(target, Outcome.RobotsDenied, grant.Denial ?? "robots.txt disallows it", clock.Time.GetUtcNow());
                return new(denied, attempts, started);
            }

            if (grant.LeaseId is not { } lease)
            {
                return new(FailFast(target, grant), attempts, started);
            }

            // From here this attempt holds a silo slot (when there are slots) until its fetch ends.
            TargetResult result;
            try
            {
                if (grant.FetchRobots)
                {
                    if (await FetchRobotsAsync(host, lease, target) is { } local)
                    {
                        return new(local, attempts, started);
                    }

                    continue;
                }

                started ??= clock.Time.GetUtcNow();
                result = await FetchAsync(host, lease, target, conditional, policy.RespectRobots ? (next, ct) => redirects.CheckRedirectAsync(next, target, ct) : null);
            }
            finally
            {
                siloSlots?.Release();
            }

            attempts++;
            if (RetryDelays.Next(result, attempts, maxAttempts, policy.MaxRetryAfter) is not { } wait)
            {
                return new(result, attempts, started);
            }

            await Task.Delay(wait, clock.Time);
        }
    }

    /// <summary>
    /// A lease, with one of <paramref name="siloSlots"/> held; or, holding none, the host's answer when robots.txt
    /// refuses the URL or its breaker is open (the target then fails fast, as on one node).
    /// </summary>
    private async Task<HostGrant> LeaseAsync(IHostGrain host, LeaseRequest request, SemaphoreSlim? siloSlots)
    {
        while (true)
        {
            if (siloSlots is not null)
            {
                await siloSlots.WaitAsync();
            }

            HostGrant grant;
            try
            {
                grant = await host.RequestAsync(request);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The host grain's silo died: it comes back on another once the cluster has declared that one dead.
                siloSlots?.Release();
                await Task.Delay(HostRetryPause, clock.Time);
                continue;
            }
            catch
            {
                siloSlots?.Release();
                throw;
            }

            if (grant.IsLease)
            {
                return grant;
            }

            siloSlots?.Release();
            if (grant.Wait is HostWait.CircuitOpen or HostWait.RobotsDenied)
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
            await ReleaseAsync(host, lease, report);
        }

        var said = robots.Value.Report;
        return said.Local is { } local && OutcomeNames.TryParse(local, out var outcome)
            ? TargetResult.NotFetched(target, outcome, $"robots.txt of {said.Origin} could not be fetched: {said.Error}", clock.Time.GetUtcNow())
            : null;
    }

    private async Task<TargetResult> FetchAsync(IHostGrain host, Guid lease, Target target, Validators? conditional, RedirectCheck? redirectCheck)
    {
        TargetResult? result = null;
        try
        {
            result = await runner.RunAsync(target, conditional, redirectCheck, CancellationToken.None);
            return result;
        }
        finally
        {
            // A fetch that threw (a bug of Gleaner's) still gives its lease back; its report says so.
            var report = result is null
                ? new FetchReport(Outcome.Internal.ToName(), null, null, HostDown: false)
                : new FetchReport(result.Outcome.ToName(), result.Fetch.Status, result.Fetch.RetryAfter, TransientOutcomes.IsHostDown(result));
            await ReleaseAsync(host, lease, report);
        }
    }

    // A release that cannot arrive (the host grain's silo died) frees nothing anyone still holds: the grain that comes
    // back elsewhere knows no lease. The report's breaker count and Retry-After are lost with it.
    private static async Task ReleaseAsync(IHostGrain host, Guid lease, FetchReport report)
    {
        try
        {
            await host.ReleaseAsync(lease, report);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
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
