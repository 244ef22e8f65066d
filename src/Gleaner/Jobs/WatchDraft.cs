using Gleaner.Watching;

namespace Gleaner.Jobs;

/// <summary>
/// The watch keys one place (defaults or a target) writes, before a target's are merged onto the defaults'. Each
/// key that was written keeps its key node, even when its value was refused, so the merge reasons about what the
/// user wrote and reports at the key.
/// </summary>
internal sealed class WatchDraft
{
    public JobScalar? EveryKey { get; set; }

    public TimeSpan? Every { get; set; }

    public JobScalar? CronKey { get; set; }

    public string? Cron { get; set; }

    public JobScalar? TimeZoneKey { get; set; }

    public TimeZoneInfo? TimeZone { get; set; }

    public JobScalar? KeepKey { get; set; }

    public TimeSpan? Keep { get; set; }

    public JobScalar? ThresholdKey { get; set; }

    public double? Threshold { get; set; }

    public JobScalar? NotifyKey { get; set; }

    public IReadOnlyList<NotifyRule>? Notify { get; set; }

    /// <summary>True when the place names a schedule (every or cron).</summary>
    public bool HasSchedule => EveryKey is not null || CronKey is not null;
}
