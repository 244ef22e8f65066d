using System.Globalization;

namespace Gleaner.Cluster.Host.Commands;

/// <summary>
/// What the cluster is doing, for <c>status</c>: each active host grain's leases in use and requests waiting, and per
/// silo the batch pieces it runs with their targets under way, and its watched targets. Read from the grains' own snapshots; a grain collected
/// between the listing and its snapshot comes back empty and shows nothing in use.
/// </summary>
internal static class ClusterActivity
{
    private const int MaxWatchSnapshots = 1_000;

    public static async Task<IReadOnlyList<string>> DescribeAsync(IClusterClient client, CancellationToken cancellationToken)
    {
        var active = await client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(types: null, hostsIds: null, cancellationToken);
        var lines = new List<string>();
        foreach (var host in active.Where(g => g.GrainId.Type.ToString() == ClusterGrainTypes.Host).Select(g => g.GrainId.Key.ToString()!).Order(StringComparer.Ordinal))
        {
            var snapshot = await client.GetGrain<IHostGrain>(host).SnapshotAsync().WaitAsync(cancellationToken);
            lines.Add(Describe(host, snapshot));
        }

        foreach (var silo in active.Where(g => g.GrainId.Type.ToString() == ClusterGrainTypes.BatchPiece).GroupBy(g => g.SiloAddress.ToParsableString()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var pieces = await Task.WhenAll(silo.Select(g => client.GetGrain<IBatchPieceGrain>(g.GrainId.Key.ToString()!).SnapshotAsync())).WaitAsync(cancellationToken);
            var running = pieces.Where(p => p.Finished < p.Targets).ToList();
            if (running.Count > 0)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"pieces on {silo.Key}: {running.Count}, {running.Sum(p => p.Fetching)} targets fetching or waiting for their host, {running.Sum(p => p.Finished)} of {running.Sum(p => p.Targets)} done"));
            }
        }

        foreach (var silo in active.Where(g => g.GrainId.Type.ToString() == ClusterGrainTypes.WatchTarget).GroupBy(g => g.SiloAddress.ToParsableString()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            lines.Add(await DescribeWatchAsync(client, silo.Key, [.. silo.Select(g => g.GrainId.Key.ToString()!)], cancellationToken));
        }

        return lines;
    }

    // Watched targets per silo; which are sampling now is asked of each target only up to a bound (a call each).
    private static async Task<string> DescribeWatchAsync(IClusterClient client, string silo, List<string> targets, CancellationToken cancellationToken)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"watched targets on {silo}: {targets.Count}");
        if (targets.Count > MaxWatchSnapshots)
        {
            return line;
        }

        var snapshots = await Task.WhenAll(targets.Select(t => client.GetGrain<IWatchTargetGrain>(t).SnapshotAsync())).WaitAsync(cancellationToken);
        var registered = snapshots.Where(s => s.Registered).ToList();
        return line + string.Create(CultureInfo.InvariantCulture, $", {registered.Count(s => s.Sampling)} sampling now")
            + (registered.Where(s => s.NextDue is not null).MinBy(s => s.NextDue) is { } next ? $", next due {next.NextDue:O} ({DisplayText.Escape(next.Target)})" : "");
    }

    private static string Describe(string host, HostSnapshot snapshot)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"host {host}: {snapshot.Leases} leases in use");
        line += snapshot.Limit is { } limit ? string.Create(CultureInfo.InvariantCulture, $" (limit {limit})") : "";
        line += string.Create(CultureInfo.InvariantCulture, $", {snapshot.Waiting} waiting");
        line += snapshot.PushedUntil is { } pushed ? $", pushed back until {pushed:O}" : "";
        line += snapshot.OpenUntil is { } open ? $", breaker open until {open:O}" : "";
        return line;
    }
}
