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
            return new WatchRegistration([], [], [], 0) { Refused = $"the silo {RuntimeIdentity} has no watch store; start every silo with --store (PostgreSQL, the same on each)" };
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
        catch (Exception e) when (e is not OrleansException)
        {
            // The store's own exception types do not cross to the client: its message does.
            throw new InvalidOperationException($"the watch store ({store.Storage.Describe}) did not take the list: {e.Message}");
        }

        // Every target of the list reads its spec: a new or changed one (re)starts, a removed one stops, and one that
        // did not start last time (its silo or the store failed) starts now, so registering again repairs it.
        var names = targets.Select(t => t.Target.Name).Concat(changes.Removed).ToList();
        var failures = await RefreshAsync(names);
        if (failures.Count > 0)
        {
            throw new InvalidOperationException(
                $"the list is registered, but {failures.Count} of its {names.Count} target(s) did not start ({failures[0]}); run the same command again to start them");
        }

        return new WatchRegistration(changes.Added, changes.Changed, changes.Removed, changes.Unchanged);
    }

    // Each target asked up to three times, a second apart; what still fails, one line per target.
    private async Task<List<string>> RefreshAsync(List<string> names)
    {
        using var slots = new SemaphoreSlim(Parallel);
        var failures = new List<string>();
        await Task.WhenAll(names.Select(async name =>
        {
            await slots.WaitAsync();
            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await GrainFactory.GetGrain<IWatchTargetGrain>(name).RefreshAsync();
                        return;
                    }
                    catch (Exception) when (attempt < 3)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1));
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{name}: {e.GetBaseException().Message}");
                        return;
                    }
                }
            }
            finally
            {
                slots.Release();
            }
        }));
        return failures;
    }
}
