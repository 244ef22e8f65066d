using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gleaner.Cluster.Watching;

/// <summary>
/// Wakes the watched targets of a silo the cluster declared dead, on whichever silo takes them first from the registry
/// (each target's claim is cleared by the one statement that returns it, so each goes to one silo): they go on within
/// seconds of the declaration, not at their next reminder tick (up to a minute later). On a cluster of one
/// (reminders in memory, gone with the last process), it wakes every registered target at start.
/// </summary>
internal sealed partial class OrphanWaker(
    SiloWatchStore store, IClusterMembershipService membership, IGrainFactory grains, IHostApplicationLifetime lifetime, bool wakeAllAtStart, ILogger<OrphanWaker> log)
    : BackgroundService
{
    private const int MaxParallel = 64;

    // How long a target is asked to wake before it is left to its reminder (which ticks every minute).
    private static readonly TimeSpan WakePatience = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!store.IsConfigured)
        {
            return;
        }

        try
        {
            // Grains answer once the silo has joined.
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).ContinueWith(_ => { }, TaskScheduler.Default);
            stoppingToken.ThrowIfCancellationRequested();
            if (wakeAllAtStart)
            {
                await WakeAsync(await store.Storage.Registry.NamesAsync(stoppingToken), "at start");
            }

            var seen = new HashSet<SiloAddress>();
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                foreach (var dead in snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && seen.Add(m.SiloAddress)))
                {
                    var orphans = await store.Storage.Registry.TakeOrphansAsync(dead.SiloAddress.ToParsableString(), stoppingToken);
                    await WakeAsync(orphans, $"after silo {dead.SiloAddress} died");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A store that cannot be read leaves the reminders to wake the targets: logged, not fatal.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(log, e.Message);
        }
    }

    private async Task WakeAsync(IReadOnlyList<string> names, string when)
    {
        if (names.Count == 0)
        {
            return;
        }

        LogWaking(log, names.Count, when);
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = MaxParallel }, async (name, cancellationToken) =>
        {
            // Right after a silo's death the cluster may not place a grain yet (its directory partition moving): a
            // target whose claim this silo took is this silo's to wake, so it asks again, a second apart, for as long
            // as the reminder would take anyway.
            var deadline = DateTime.UtcNow + WakePatience;
            while (true)
            {
                try
                {
                    await grains.GetGrain<IWatchTargetGrain>(name).RefreshAsync();
                    return;
                }
#pragma warning disable CA1031 // One target that fails to wake is asked again, then left to its reminder; the others go on.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    if (DateTime.UtcNow >= deadline)
                    {
                        LogWakeFailed(log, name, e.Message);
                        return;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "waking {Count} watched target(s) {When}")]
    private static partial void LogWaking(ILogger logger, int count, string when);

    [LoggerMessage(Level = LogLevel.Warning, Message = "watched target {Target} did not wake ({Error}); its reminder will (on a cluster of one, register its list again)")]
    private static partial void LogWakeFailed(ILogger logger, string target, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "watched targets of dead silos are left to their reminders: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
