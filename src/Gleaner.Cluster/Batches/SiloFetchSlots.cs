using System.Collections.Concurrent;

namespace Gleaner.Cluster.Batches;

/// <summary>
/// The global concurrency bound of one node, held per silo: each job gets its own count of fetches at once on this
/// silo (the run's --concurrency), shared by all the job's pieces placed here.
/// </summary>
internal sealed class SiloFetchSlots
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _byJob = new(StringComparer.Ordinal);

    /// <summary>The slots of <paramref name="job"/> on this silo; the first asker sets how many there are.</summary>
    public SemaphoreSlim For(string job, int concurrency) => _byJob.GetOrAdd(job, static (_, n) => new SemaphoreSlim(n, n), Math.Max(1, concurrency));
}
