using Gleaner.Scheduling;
using Gleaner.Validation;
using Gleaner.Watching;

namespace Gleaner.Jobs;

/// <summary>
/// Reads the watch keys (every, cron, timezone, keep, threshold, notify), under defaults and in each target, and
/// merges a target's onto the defaults' key by key into its <see cref="WatchSpec"/>. One instance per file, so
/// targets that share a schedule share one instance of it.
/// </summary>
internal sealed class WatchReader(JobErrors errors)
{
    /// <summary>The watch keys, allowed under defaults and in each target.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["every", "cron", "timezone", "keep", "threshold", "notify"];

    /// <summary>The shortest <c>keep</c>: history kept for less than an hour is hardly history.</summary>
    public static readonly TimeSpan MinKeep = TimeSpan.FromHours(1);

    private const string CronForm = "a cron expression such as \"0 * * * *\"";

    private readonly Dictionary<TimeSpan, EverySchedule> everySchedules = [];
    private readonly Dictionary<string, string?> cronProblems = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), CronSchedule> cronSchedules = [];
    private readonly Dictionary<string, (TimeZoneInfo? Zone, string? Problem)> zones = new(StringComparer.Ordinal);

    /// <summary>Reads one watch key of <paramref name="where"/> (<c>defaults</c>, <c>target 'nyc'</c>) into <paramref name="draft"/>.</summary>
    public void Read(JobScalar key, JobNode value, WatchDraft draft, string where)
    {
        switch (key.Value)
        {
            case "every":
                OneSchedule(key, draft.CronKey, where);
                draft.EveryKey = key;
                draft.Every = ReadEvery(value);
                break;
            case "cron":
                OneSchedule(key, draft.EveryKey, where);
                draft.CronKey = key;
                draft.Cron = ReadCron(value);
                break;
            case "timezone":
                draft.TimeZoneKey = key;
                draft.TimeZone = ReadTimeZone(value);
                break;
            case "keep":
                draft.KeepKey = key;
                draft.Keep = ReadKeep(value);
                break;
            case "threshold":
                draft.ThresholdKey = key;
                draft.Threshold = ReadThreshold(value);
                break;
            case "notify":
                draft.NotifyKey = key;
                draft.Notify = NotifyReader.Read(value, errors);
                break;
        }
    }

    /// <summary>Checks what only the defaults can get wrong on their own: a time zone with no cron to read.</summary>
    public void CheckDefaults(WatchDraft defaults)
    {
        if (defaults.TimeZoneKey is { } zone && defaults.CronKey is null)
        {
            errors.Add(zone, "timezone: applies to cron, and defaults have no cron (write timezone beside each cron instead)");
        }
    }

    /// <summary>
    /// The target's <see cref="WatchSpec"/>: its own keys over the defaults', key by key, and its every or cron in
    /// place of the defaults' schedule; null when it has no schedule (a one-off target) or after reporting a problem.
    /// <paramref name="type"/> is the target's value type, or null when its value spec was refused.
    /// </summary>
    public WatchSpec? Merge(WatchDraft defaults, WatchDraft own, ValueKind? type, string where)
    {
        var before = errors.Count;
        var source = own.HasSchedule ? own : defaults;
        if (!source.HasSchedule)
        {
            foreach (var key in new[] { own.TimeZoneKey, own.KeepKey, own.ThresholdKey, own.NotifyKey })
            {
                if (key is not null)
                {
                    errors.Add(key, $"{key.Value}: {where} has no every or cron (here or under defaults), so it is not watched");
                }
            }

            return null;
        }

        if (own.TimeZoneKey is { } zone && source.CronKey is null)
        {
            errors.Add(zone, $"timezone: applies to cron, and {where} has every");
        }

        var numeric = type is ValueKind.Number or ValueKind.Integer;
        if (own.ThresholdKey is { } threshold && type is { } kind && !numeric)
        {
            errors.Add(threshold, $"threshold: applies to number and integer values, and {where} has a {kind.ToString().ToLowerInvariant()} value");
        }

        var timeZone = (own.TimeZoneKey is null ? defaults.TimeZone : own.TimeZone) ?? TimeZoneInfo.Utc;
        Schedule? schedule = source.CronKey is null
            ? source.Every is { } interval ? Every(interval) : null
            : source.Cron is { } cron ? Cron(cron, timeZone) : null;
        if (errors.Count != before || schedule is null)
        {
            return null;
        }

        return new WatchSpec
        {
            Schedule = schedule,
            Keep = own.KeepKey is null ? defaults.Keep : own.Keep,
            // A threshold under defaults is for the targets it can apply to; the others compare values as they are.
            Threshold = own.ThresholdKey is null ? numeric ? defaults.Threshold : null : own.Threshold,
            Notify = (own.NotifyKey is null ? defaults.Notify : own.Notify) ?? [],
        };
    }

    private void OneSchedule(JobScalar key, JobScalar? other, string where)
    {
        if (other is not null)
        {
            errors.Add(key, $"{key.Value}: {where} already has {other.Value} (line {other.Line}); a schedule is every or cron, not both");
        }
    }

    private TimeSpan? ReadEvery(JobNode node)
    {
        if (!ScalarReader.TryDuration(node, "every", errors, out var every))
        {
            return null;
        }

        if (every < EverySchedule.MinInterval)
        {
            errors.Add(node, $"every: {ScalarReader.Shown(node)} is too often; the shortest interval is 1s");
            return null;
        }

        return every;
    }

    private string? ReadCron(JobNode node)
    {
        if (!ScalarReader.TryText(node, "cron", CronForm, errors, out var text))
        {
            return null;
        }

        if (!cronProblems.TryGetValue(text, out var problem))
        {
            // The fields do not depend on the zone, so one check serves every zone the expression is read in.
            _ = CronSchedule.Parse(text.Trim(), out problem);
            cronProblems.Add(text, problem);
        }

        if (problem is not null)
        {
            errors.Add(node, $"cron: {problem}");
            return null;
        }

        return text;
    }

    private TimeZoneInfo? ReadTimeZone(JobNode node)
    {
        if (!ScalarReader.TryText(node, "timezone", "a time zone such as Europe/Paris", errors, out var id))
        {
            return null;
        }

        if (!zones.TryGetValue(id, out var found))
        {
            found = TimeZones.TryFind(id, out var zone, out var problem) ? (zone, null) : (null, problem);
            zones.Add(id, found);
        }

        if (found.Problem is not null)
        {
            errors.Add(node, $"timezone: {found.Problem}");
        }

        return found.Zone;
    }

    private TimeSpan? ReadKeep(JobNode node)
    {
        if (!ScalarReader.TryDuration(node, "keep", errors, out var keep))
        {
            return null;
        }

        if (keep < MinKeep)
        {
            errors.Add(node, $"keep: {ScalarReader.Shown(node)} is too short; the shortest is 1h");
            return null;
        }

        return keep;
    }

    private double? ReadThreshold(JobNode node)
    {
        if (!ScalarReader.TryNumber(node, "threshold", errors, out var threshold))
        {
            return null;
        }

        if (threshold < 0)
        {
            errors.Add(node, $"threshold: {ScalarReader.Shown(node)} is negative; a threshold is 0 or more");
            return null;
        }

        return threshold;
    }

    private EverySchedule Every(TimeSpan interval)
    {
        if (!everySchedules.TryGetValue(interval, out var schedule))
        {
            schedule = new EverySchedule(interval);
            everySchedules.Add(interval, schedule);
        }

        return schedule;
    }

    private CronSchedule Cron(string expression, TimeZoneInfo zone)
    {
        if (!cronSchedules.TryGetValue((expression, zone.Id), out var schedule))
        {
            schedule = new CronSchedule(expression, zone);
            cronSchedules.Add((expression, zone.Id), schedule);
        }

        return schedule;
    }
}
