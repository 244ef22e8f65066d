using Gleaner.Fetching;
using Gleaner.Targets;
using Microsoft.Extensions.DependencyInjection;

namespace Gleaner.Cluster;

/// <summary>Adds Gleaner's grains and what they need to a silo.</summary>
public static class ClusterSiloExtensions
{
    /// <summary>
    /// One <see cref="Fetcher"/> per silo (it holds the connection pools) and its runner, and the clock the grains keep
    /// politeness by: <paramref name="time"/>, or the system clock.
    /// </summary>
    public static ISiloBuilder AddGleanerGrains(this ISiloBuilder builder, TimeProvider? time = null, FetcherOptions? fetcher = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new GrainClock(time ?? TimeProvider.System));
        builder.Services.AddSingleton(_ => new Fetcher(fetcher));
        builder.Services.AddSingleton(sp => new TargetRunner(sp.GetRequiredService<Fetcher>()));
        return builder;
    }
}
