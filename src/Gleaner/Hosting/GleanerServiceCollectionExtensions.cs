using Gleaner.Engine;
using Gleaner.Fetching;
using Gleaner.Targets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gleaner.Hosting;

/// <summary>Registers Gleaner's engine in a .NET service collection.</summary>
public static class GleanerServiceCollectionExtensions
{
    /// <summary>
    /// Adds one shared <see cref="Fetcher"/> (it holds the connection pools), a <see cref="TargetRunner"/> for single
    /// targets, and a <see cref="RunEngine"/> for many. The options are validated here, once. The engine logs through
    /// the container's <see cref="ILoggerFactory"/> when it has one.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddGleaner(o => o.Run = o.Run with { Concurrency = 64, PerHostConcurrency = 2 });
    /// await foreach (var record in provider.GetRequiredService&lt;RunEngine&gt;().RunAsync(targets)) { … }
    /// </code>
    /// </example>
    public static IServiceCollection AddGleaner(this IServiceCollection services, Action<GleanerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new GleanerOptions();
        configure?.Invoke(options);
        var run = options.Run.Validate();
        var fetcherOptions = options.DnsCacheTtl is { } ttl
            ? options.Fetcher with { Resolve = new CachingResolver(options.Fetcher.Resolve, options.Fetcher.Time, ttl).ResolveAsync }
            : options.Fetcher;

        services.AddSingleton(run);
        services.AddSingleton(fetcherOptions);
        services.AddSingleton(_ => new Fetcher(fetcherOptions));
        services.AddSingleton(sp => new TargetRunner(sp.GetRequiredService<Fetcher>(), fetcherOptions.Time));
        services.AddSingleton(sp => new RunEngine(sp.GetRequiredService<Fetcher>(), run, fetcherOptions.Time)
        {
            LoggerFactory = sp.GetService<ILoggerFactory>(),
        });
        return services;
    }
}
