using Orleans.Serialization;

namespace Gleaner.Cluster.Watching;

/// <summary>
/// Registers a watch list: the registry takes its targets in one transaction, then the grains of new and changed
/// targets are asked to read their spec (which starts them) and those of removed ones stop. One call at a time per list.
/// </summary>
[GrainType(ClusterGrainTypes.WatchList)]
internal sealed class WatchListGrain(SiloWatchStore store, Serializer<WatchTarget> serializer) : Grain, IWatchListGrain
{
    // Target grains told at once: enough to register thousands in seconds, few enough not to flood the silos.
    private const int Parallel = 64;

    public async Task<WatchRegistration> RegisterAsync(IReadOnlyList<WatchTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (!store.IsConfigured)
        {
            return new WatchRegistration([], [], [], 0) { Refused = $"the silo {RuntimeIdentity} has no watch store; start the silos with --store or --postgres" };
        }

        RegistrationChanges changes;
        try
        {
            changes = await store.Storage.Registry.RegisterAsync(
                this.GetPrimaryKeyString(), [.. targets.Select(t => new RegisteredTarget(t.Target.Name, serializer.SerializeToArray(t)))]);
        }
        catch (WatchRegistryConflictException e)
        {
            return new WatchRegistration([], [], [], 0) { Refused = e.Message };
        }

        // A removed target's grain reads no spec and stops; a new or changed one reads its spec and (re)starts.
        using var slots = new SemaphoreSlim(Parallel);
        await Task.WhenAll(changes.Added.Concat(changes.Changed).Concat(changes.Removed).Select(async name =>
        {
            await slots.WaitAsync();
            try
            {
                await GrainFactory.GetGrain<IWatchTargetGrain>(name).RefreshAsync();
            }
            finally
            {
                slots.Release();
            }
        }));
        return new WatchRegistration(changes.Added, changes.Changed, changes.Removed, changes.Unchanged);
    }
}
