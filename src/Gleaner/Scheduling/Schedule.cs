namespace Gleaner.Scheduling;

/// <summary>
/// When a watched target is due: a fixed interval (<see cref="EverySchedule"/>) or a cron expression in a time zone
/// (<c>CronSchedule</c>). Immutable and thread-safe; all times are UTC instants. Two schedules are equal when they
/// name the same due times (a reloaded job file that did not change a schedule leaves it where it stands).
/// </summary>
public abstract class Schedule
{
    /// <summary>
    /// The first due time of a target never sampled before, watched from <paramref name="now"/>. An interval spreads
    /// its targets over the first interval by an offset drawn from <paramref name="key"/> (the same key gives the same
    /// offset), so many targets started together do not fire together; a cron expression takes its next occurrence.
    /// </summary>
    public abstract DateTimeOffset First(string key, DateTimeOffset now);

    /// <summary>The due time after <paramref name="due"/>: one interval later, or the next occurrence.</summary>
    public abstract DateTimeOffset Next(DateTimeOffset due);

    /// <summary>
    /// The first due time after <paramref name="due"/> that is later than <paramref name="now"/>: the schedule of a
    /// target that missed samples (the process was down, the machine slept) goes on from here, without catching up.
    /// </summary>
    public abstract DateTimeOffset NextAfter(DateTimeOffset due, DateTimeOffset now);

    /// <summary>The longest time between two due times (an upper bound for cron), for lateness and retention checks.</summary>
    public abstract TimeSpan Period { get; }
}
