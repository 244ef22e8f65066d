using Gleaner.Cluster.Fetching;
using Gleaner.Cluster.Watching;
using Gleaner.Engine;
using Gleaner.Fetching;
using Gleaner.Targets;
using Microsoft.Extensions.DependencyInjection;

namespace Gleaner.Cluster;

/// <summary>Adds Gleaner's grains and what they need to a silo.</summary>
public static class ClusterSiloExtensions
{
    /// <summary>
    /// One <see cref="Fetcher"/> per silo (it holds the connection pools) and its runner; the sampler that fetches
    /// under host leases, with this silo's robots.txt cache for redirects; each job's fetch slots on this silo; and the
    /// clock the grains keep politeness by: <paramref name="time"/>, or the system clock.
    /// </summary>
    /// <remarks>
    /// With <paramref name="watch"/>, the silo runs watched targets over that store (disposed with the silo); on a
    /// cluster whose reminders are not durable (<paramref name="wakeAllAtStart"/>), it wakes every registered target
    /// when it starts.
    /// </remarks>
    public static ISiloBuilder AddGleanerGrains(
        this ISiloBuilder builder, TimeProvider? time = null, FetcherOptions? fetcher = null, WatchStorage? watch = null, bool wakeAllAtStart = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The strongly consistent directory: with the default one, a silo's death let a batch piece run twice at once
        // (its registration was on the dead silo), and the kill test saw 377 fetches for 300 targets instead of 304.
#pragma warning disable ORLEANSEXP003 // Orleans calls it experimental; the default one's duplicates cost more.
        builder.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        builder.Services.AddSingleton(new GrainClock(time ?? TimeProvider.System));
        builder.Services.AddSingleton(_ => new Fetcher(fetcher));
        builder.Services.AddSingleton(sp => new TargetRunner(sp.GetRequiredService<Fetcher>()));
        builder.Services.AddSingleton(new SiloFetchSlots());
        builder.Services.AddSingleton(sp => new RobotsCache(sp.GetRequiredService<Fetcher>(), sp.GetRequiredService<GrainClock>().Time));
        builder.Services.AddSingleton<LeasedSampler>();
        builder.Services.AddSingleton(_ => new SiloWatchStore(watch));
        builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<OrphanWaker>(sp, wakeAllAtStart));
        return builder;
    }
}
