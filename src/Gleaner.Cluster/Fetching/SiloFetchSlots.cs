using System.Collections.Concurrent;

namespace Gleaner.Cluster.Fetching;

/// <summary>
/// The global concurrency bound of one node, held per silo: each run of a job, and each watch list, gets its own count
/// of fetches at once on this silo (its --concurrency), shared by all its pieces or target grains placed here. One
/// small entry per run or list is kept for the silo's life.
/// </summary>
internal sealed class SiloFetchSlots
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _byRun = new(StringComparer.Ordinal);

    /// <summary>The slots of the run <paramref name="run"/> on this silo; the first asker sets how many there are.</summary>
    public SemaphoreSlim For(string run, int concurrency) => _byRun.GetOrAdd(run, static (_, n) => new SemaphoreSlim(n, n), Math.Max(1, concurrency));
}
