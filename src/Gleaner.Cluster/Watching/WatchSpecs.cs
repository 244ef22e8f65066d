using Gleaner.Cluster.Fetching;
using Gleaner.Scheduling;
using Gleaner.Targets;
using Gleaner.Watching;

namespace Gleaner.Cluster.Watching;

/// <summary>Between a job's watched <see cref="Target"/> and the <see cref="WatchTarget"/> the registry keeps.</summary>
public static class WatchSpecs
{
    /// <summary>
    /// Why <paramref name="target"/> cannot be watched on a cluster (what <see cref="ClusterTargets.WhyNot"/> names, or
    /// notifications, which a cluster does not send yet), or null.
    /// </summary>
    public static string? WhyNot(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Watch is { Notify.Count: > 0 }
            ? "notify: a cluster does not send notifications yet; watch this target with gleaner watch"
            : ClusterTargets.WhyNot(target);
    }

    /// <summary>
    /// The registry's form of <paramref name="target"/> (which has a schedule), of list <paramref name="list"/>, whose
    /// fetches a silo runs at most <paramref name="siloConcurrency"/> at once.
    /// </summary>
    public static WatchTarget FromTarget(string list, Target target, ClusterPolicy policy, int siloConcurrency = 256)
    {
        ArgumentNullException.ThrowIfNull(target);
        var watch = target.Watch ?? throw new ArgumentException($"target '{target.Name}' has no schedule", nameof(target));
        var schedule = watch.Schedule switch
        {
            EverySchedule every => new ClusterSchedule(every.Interval, null, null),
            CronSchedule cron => new ClusterSchedule(null, cron.Expression, cron.TimeZone == TimeZoneInfo.Utc ? null : cron.TimeZone.Id),
            var other => throw new ArgumentException($"target '{target.Name}': a {other.GetType().Name} does not travel", nameof(target)),
        };
        return new WatchTarget(list, ClusterTargets.FromTarget(target), schedule, policy) { Keep = watch.Keep, Threshold = watch.Threshold, SiloConcurrency = siloConcurrency };
    }

    /// <summary>The target <paramref name="spec"/> names, with its schedule; throws for a bad rule or time zone.</summary>
    public static Target ToTarget(WatchTarget spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Schedule schedule = spec.Schedule is { Every: { } every }
            ? new EverySchedule(every)
            : new CronSchedule(spec.Schedule.Cron!, spec.Schedule.TimeZone is { } zone ? TimeZoneInfo.FindSystemTimeZoneById(zone) : null);
        return ClusterTargets.ToTarget(spec.Target) with
        {
            Watch = new WatchSpec { Schedule = schedule, Keep = spec.Keep, Threshold = spec.Threshold },
        };
    }
}
