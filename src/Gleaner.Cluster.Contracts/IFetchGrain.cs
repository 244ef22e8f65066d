namespace Gleaner.Cluster;

/// <summary>
/// Samples one target on whichever silo the grain lands on: asks the target's host grain for a lease (waiting as
/// told), fetches, extracts and validates with Gleaner's own runner and limits, gives the lease back with the report,
/// and returns the record.
/// </summary>
public interface IFetchGrain : IGrainWithIntegerKey
{
    /// <summary>Samples <paramref name="target"/> and returns how it ended.</summary>
    Task<ClusterRecord> SampleAsync(ClusterTarget target, ClusterPolicy policy);
}
