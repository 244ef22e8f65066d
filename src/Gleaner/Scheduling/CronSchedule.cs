using Cronos;

namespace Gleaner.Scheduling;

/// <summary>
/// Due at the occurrences of a cron expression in a time zone: five fields (minute, hour, day of month, month, day of
/// week; <c>0 * * * *</c> is the top of every hour) or six with seconds first. Cronos reads the expression, so its
/// forms hold: ranges, lists, steps, month and day names, <c>L</c>, <c>W</c>, <c>#</c>, and macros such as
/// <c>@daily</c>; day of month and day of week together must both match.
/// </summary>
/// <remarks>
/// <para>A cron expression names exact times, so <see cref="First"/> is its next occurrence and is not spread by the
/// target's key as <see cref="EverySchedule"/>'s is: targets on one expression fall due together, and the watch's
/// concurrency and per-host politeness take it from there.</para>
/// <para>Daylight saving time as in Vixie cron: a time the spring change skips runs at the end of the gap; a time the
/// autumn change repeats runs once, unless the second, minute or hour field is a wildcard or a step, which runs in
/// both.</para>
/// </remarks>
public sealed class CronSchedule : Schedule
{
    private readonly CronExpression cron;
    private readonly Lazy<TimeSpan> period;

    /// <summary>A schedule due at each occurrence of <paramref name="expression"/> in <paramref name="timeZone"/> (UTC when null).</summary>
    /// <exception cref="ArgumentException">The expression is not valid cron, uses <c>H</c>, or never fires (such as 30 February).</exception>
    public CronSchedule(string expression, TimeZoneInfo? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        TimeZone = timeZone ?? TimeZoneInfo.Utc;
        Expression = expression.Trim();
        cron = Parse(Expression, out var problem) ?? throw new ArgumentException(problem, nameof(expression));
        period = new Lazy<TimeSpan>(() => CronPeriod.Of(cron, TimeZone));
    }

    /// <summary>The expression as written, trimmed.</summary>
    public string Expression { get; }

    /// <summary>The time zone the expression's fields are read in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>
    /// The longest gap between two occurrences, derived from the fields: the largest step within a day from the
    /// second, minute and hour fields, and between the days that match (walked from 2000-01-01 over 400 years or 2,000
    /// such days, which covers the calendar's cycles); and in a zone with clock changes, the gap across each change of
    /// 2025 and 2026 when that is longer. Worked out once, when first asked for.
    /// </summary>
    public override TimeSpan Period => period.Value;

    /// <inheritdoc />
    public override DateTimeOffset First(string key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        return After(now);
    }

    /// <inheritdoc />
    public override DateTimeOffset Next(DateTimeOffset due) => After(due);

    /// <inheritdoc />
    public override DateTimeOffset NextAfter(DateTimeOffset due, DateTimeOffset now) => After(due > now ? due : now);

    /// <inheritdoc />
    public override bool Equals(object? obj) =>
        obj is CronSchedule other && other.Expression == Expression && other.TimeZone.Id == TimeZone.Id;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Expression, TimeZone.Id);

    /// <inheritdoc />
    public override string ToString() =>
        TimeZone == TimeZoneInfo.Utc ? $"cron {Expression}" : $"cron {Expression} in {TimeZone.Id}";

    /// <summary>
    /// The first occurrence strictly after <paramref name="instant"/>, in UTC; <see cref="DateTimeOffset.MaxValue"/>
    /// past the end of the calendar (the year 9999), so a caller's loop ends rather than fails.
    /// </summary>
    private DateTimeOffset After(DateTimeOffset instant) =>
        cron.GetNextOccurrence(instant, TimeZone)?.ToUniversalTime() ?? DateTimeOffset.MaxValue;

    /// <summary>The parsed expression, or null with a one-line problem.</summary>
    internal static CronExpression? Parse(string expression, out string? problem)
    {
        problem = null;
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var macro = fields == 1 && expression.StartsWith('@');
        if (!macro && fields is not (5 or 6))
        {
            problem = $"'{expression}' has {fields} field{(fields == 1 ? "" : "s")}; a cron expression has 5 (minute hour day-of-month month day-of-week), or 6 with seconds first";
            return null;
        }

        CronExpression parsed;
        try
        {
            parsed = CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (MissingSeedException)
        {
            problem = $"'{expression}' uses H (a hashed time), which Gleaner does not seed; write the time, or use every: to spread samples";
            return null;
        }
        catch (CronFormatException e)
        {
            // Cronos opens every message with this sentence; what follows names the field.
            var detail = e.Message.Replace("The given cron expression has an invalid format. ", "", StringComparison.Ordinal);
            problem = $"'{expression}' is not a valid cron expression: {detail}";
            return null;
        }

        // Cron has no year field, so an expression that matches a day matches one within any 400 years (the cycle
        // of the calendar); Cronos looks as far as the year 9999.
        if (parsed.GetNextOccurrence(CronPeriod.Epoch, TimeZoneInfo.Utc) is null)
        {
            problem = $"'{expression}' never fires: no date matches its day and month fields";
            return null;
        }

        return parsed;
    }
}
