using System.Globalization;
using Gleaner.Storage;
using Gleaner.Targets;

namespace Gleaner.Watching;

/// <summary>
/// Where each threshold is measured from when a watch starts: the value of the target's last change, which the store
/// has as that change event's value (or, before any change, the first ok sample's). So a restart does not move it to
/// the last value, and a slow drift still adds up across restarts.
/// </summary>
internal static class ThresholdBaselines
{
    /// <summary>The baselines of those of <paramref name="targets"/> that have a threshold and a history in <paramref name="store"/>.</summary>
    public static async Task<Dictionary<string, double>> LoadAsync(ISampleStore store, IEnumerable<Target> targets, CancellationToken cancellationToken)
    {
        var baselines = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var target in targets.Where(t => t.Watch?.Threshold is not null))
        {
            var baseline = await LastChangeAsync(store, target.Name, cancellationToken) ?? await FirstValueAsync(store, target.Name, cancellationToken);
            if (baseline is { } found)
            {
                baselines[target.Name] = found;
            }
        }

        return baselines;
    }

    private static async Task<double?> LastChangeAsync(ISampleStore store, string target, CancellationToken cancellationToken)
    {
        double? last = null;
        await foreach (var e in store.ReadEventsAsync(target, null, null, cancellationToken))
        {
            if (e.Kind == WatchEventKind.Change && double.TryParse(e.To, NumberStyles.Float, CultureInfo.InvariantCulture, out var changed))
            {
                last = changed;
            }
        }

        return last;
    }

    private static async Task<double?> FirstValueAsync(ISampleStore store, string target, CancellationToken cancellationToken)
    {
        await foreach (var sample in store.ReadSamplesAsync(target, null, null, cancellationToken))
        {
            if (sample.Outcome == Outcome.Ok && sample.Number is { } first)
            {
                return first;
            }
        }

        return null;
    }
}
