namespace Gleaner.Cluster;

/// <summary>Waiting for a fetch grain's record in calls that each end well within Orleans' response timeout.</summary>
public static class FetchGrainExtensions
{
    /// <summary>
    /// The longest a call to a fetch grain waits: a third of Orleans' default response timeout (30 s), so a call
    /// never times out while the sample behind it is only waiting for its host.
    /// </summary>
    public static readonly TimeSpan CallWindow = TimeSpan.FromSeconds(10);

    /// <summary>Samples <paramref name="target"/> on <paramref name="grain"/> and returns how it ended, however long that takes.</summary>
    public static async Task<ClusterRecord> SampleAsync(this IFetchGrain grain, ClusterTarget target, ClusterPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grain);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await grain.TrySampleAsync(target, policy, CallWindow).ConfigureAwait(false) is { } record)
            {
                return record;
            }
        }
    }
}
