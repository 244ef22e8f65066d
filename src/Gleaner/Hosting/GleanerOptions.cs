using Gleaner.Engine;
using Gleaner.Fetching;

namespace Gleaner.Hosting;

/// <summary>What <see cref="GleanerServiceCollectionExtensions.AddGleaner"/> registers, set once at start-up.</summary>
public sealed class GleanerOptions
{
    /// <summary>Settings of the shared fetcher (clock, User-Agent, header cap, resolver).</summary>
    public FetcherOptions Fetcher { get; set; } = new();

    /// <summary>How runs schedule targets (concurrency, per-host politeness, retries, robots.txt).</summary>
    public RunSettings Run { get; set; } = RunSettings.Default;

    /// <summary>Cache DNS answers for the life of the fetcher, for at most this long. Null uses the resolver as given.</summary>
    public TimeSpan? DnsCacheTtl { get; set; } = TimeSpan.FromSeconds(60);
}
