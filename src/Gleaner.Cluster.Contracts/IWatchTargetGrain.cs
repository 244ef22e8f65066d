namespace Gleaner.Cluster;

/// <summary>
/// One watched target (key: its name), sampled on its schedule for as long as the registry has it. Its activation
/// holds the due time in a timer; a reminder re-activates it on another silo when its silo dies.
/// </summary>
public interface IWatchTargetGrain : IGrainWithStringKey
{
    /// <summary>Reads the registry's spec again: a new one takes effect from the next sample, none stops the target.</summary>
    Task RefreshAsync();

    /// <summary>Where the target stands: its schedule, the next due time, the last sample.</summary>
    Task<WatchTargetSnapshot> SnapshotAsync();
}
