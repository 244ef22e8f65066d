namespace Gleaner.Cluster;

/// <summary>
/// Samples one target on whichever silo the grain lands on: asks the target's host grain for a lease (waiting as
/// told), fetches, extracts and validates with Gleaner's own runner and limits, gives the lease back with the report,
/// and returns the record. A sample can wait far longer than Orleans lets a call run (a Crawl-delay of 60 s, a long
/// Retry-After), so no call waits for it to the end: each returns within the window it is given, with the record or
/// with null (ask again; the sample goes on meanwhile). <see cref="FetchGrainExtensions.SampleAsync"/> does the asking.
/// </summary>
public interface IFetchGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Starts sampling <paramref name="target"/> (unless this grain is at it already) and returns its record if it
    /// ends within <paramref name="within"/>, else null. One grain samples one target at a time: asking for another
    /// while one runs throws <see cref="InvalidOperationException"/>.
    /// </summary>
    Task<ClusterRecord?> TrySampleAsync(ClusterTarget target, ClusterPolicy policy, TimeSpan within);
}
