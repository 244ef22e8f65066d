using Cronos;

namespace Gleaner.Scheduling;

/// <summary>
/// The longest gap between two occurrences of a cron expression (<see cref="CronSchedule.Period"/>), from its fields
/// rather than by walking occurrences: an expression that fires every second from 9 to 5 on weekdays would need a
/// week of seconds walked to find its weekend.
/// </summary>
internal static class CronPeriod
{
    /// <summary>The first day of a 400-year cycle of the Gregorian calendar, and a Saturday.</summary>
    public static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int MaxDays = 2_000;
    private static readonly DateTimeOffset DaysEnd = Epoch.AddYears(400);

    // Clock changes are looked for in these years: the zone's rules as they stand, without a clock.
    private static readonly DateTimeOffset ChangesFrom = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ChangesTo = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The upper bound of the gap between two occurrences of <paramref name="cron"/> in <paramref name="zone"/>.</summary>
    public static TimeSpan Of(CronExpression cron, TimeZoneInfo zone)
    {
        // Cronos writes the expression back as its fields, macros expanded, with seconds only when they are not 0.
        var fields = cron.ToString().Split(' ');
        if (fields.Length == 5)
        {
            fields = ["0", .. fields];
        }

        // Each level is the values of one field with the levels below it inside: a time of day is an hour, then a
        // minute in it, then a second in that.
        var seconds = Level.Of(Values($"{fields[0]} 0 0 * * *", 1, 60), 1, Level.Point);
        var minutes = Level.Of(Values($"0 {fields[1]} 0 * * *", 60, 60), 60, seconds);
        var hours = Level.Of(Values($"0 0 {fields[2]} * * *", 3_600, 24), 3_600, minutes);
        var days = Level.Of(Days($"0 0 0 {fields[3]} {fields[4]} {fields[5]}"), 86_400, hours);
        var longest = TimeSpan.FromSeconds(days.Gap);
        foreach (var change in ClockChanges(zone))
        {
            // Only the gap that spans a change can grow: when clocks go back, a fixed time is not run twice.
            if (cron.GetPreviousOccurrence(change, zone) is { } before && cron.GetNextOccurrence(before, zone) is { } after
                && after - before > longest)
            {
                longest = after - before;
            }
        }

        return longest;
    }

    /// <summary>The values one field takes: the occurrences of an expression that varies only that field, in units from the epoch.</summary>
    private static List<long> Values(string expression, long unit, long count)
    {
        var cron = CronExpression.Parse(expression, CronFormat.IncludeSeconds);
        var end = Epoch.AddSeconds(unit * count);
        return [.. cron.GetOccurrences(Epoch, end, TimeZoneInfo.Utc).Select(o => (long)(o - Epoch).TotalSeconds / unit)];
    }

    /// <summary>
    /// The days, counted from the epoch, that the day fields match: over 400 years (and one more, so there is a gap),
    /// or the first <see cref="MaxDays"/>.
    /// </summary>
    private static List<long> Days(string expression)
    {
        var cron = CronExpression.Parse(expression, CronFormat.IncludeSeconds);
        var days = new List<long>();
        for (var day = cron.GetNextOccurrence(Epoch, TimeZoneInfo.Utc, inclusive: true);
             day is { } d && (days.Count < 2 || (d < DaysEnd && days.Count < MaxDays));
             day = cron.GetNextOccurrence(d, TimeZoneInfo.Utc))
        {
            days.Add((long)(d - Epoch).TotalDays);
        }

        return days;
    }

    /// <summary>The instants in the years looked at when the zone's offset from UTC changes.</summary>
    private static IEnumerable<DateTimeOffset> ClockChanges(TimeZoneInfo zone)
    {
        if (zone.GetAdjustmentRules().Length == 0)
        {
            yield break;
        }

        for (var day = ChangesFrom; day < ChangesTo; day = day.AddDays(1))
        {
            var next = day.AddDays(1);
            if (zone.GetUtcOffset(day) == zone.GetUtcOffset(next))
            {
                continue;
            }

            // The first instant with the new offset, to the second.
            var (low, high) = (day, next);
            while (high - low > TimeSpan.FromSeconds(1))
            {
                var middle = low + (high - low) / 2;
                (low, high) = zone.GetUtcOffset(middle) == zone.GetUtcOffset(day) ? (middle, high) : (low, middle);
            }

            yield return high;
        }
    }

    /// <summary>
    /// One field's values, as seconds, with the level below: the first and last second it fires in its unit, and its
    /// longest gap, which is the level below's or a step between two values less what the level below spans.
    /// </summary>
    private readonly record struct Level(long First, long Last, long Gap)
    {
        public static readonly Level Point = new(0, 0, 0);

        public static Level Of(List<long> values, long unit, Level inner)
        {
            var gap = inner.Gap;
            for (var i = 1; i < values.Count; i++)
            {
                gap = Math.Max(gap, (values[i] - values[i - 1]) * unit - (inner.Last - inner.First));
            }

            return new Level(values[0] * unit + inner.First, values[^1] * unit + inner.Last, gap);
        }
    }
}
