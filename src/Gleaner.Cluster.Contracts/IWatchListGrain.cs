namespace Gleaner.Cluster;

/// <summary>
/// One watch list (key: its name): registering it makes the cluster's registry hold exactly its targets, starts the
/// target grains of new and changed ones and stops those of removed ones. Calls for one list run one at a time.
/// </summary>
public interface IWatchListGrain : IGrainWithStringKey
{
    /// <summary>Registers <paramref name="targets"/> as the whole list.</summary>
    Task<WatchRegistration> RegisterAsync(IReadOnlyList<WatchTarget> targets);
}
