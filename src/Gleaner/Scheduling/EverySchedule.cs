using System.Text;
using Gleaner.Units;

namespace Gleaner.Scheduling;

/// <summary>Due every <see cref="Interval"/>, each due time one interval after the previous one.</summary>
public sealed class EverySchedule : Schedule
{
    /// <summary>The shortest interval: sampling one page more often than once a second is not polite.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    /// <summary>A schedule due every <paramref name="interval"/> (at least <see cref="MinInterval"/>).</summary>
    public EverySchedule(TimeSpan interval)
    {
        if (interval < MinInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), $"every: {Duration.Format(interval)} is too often; the shortest interval is 1s");
        }

        Interval = interval;
    }

    /// <summary>The time between two due times.</summary>
    public TimeSpan Interval { get; }

    /// <inheritdoc />
    public override TimeSpan Period => Interval;

    /// <inheritdoc />
    public override DateTimeOffset First(string key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        return now + Offset(key);
    }

    /// <inheritdoc />
    public override DateTimeOffset Next(DateTimeOffset due) => due + Interval;

    /// <inheritdoc />
    public override DateTimeOffset NextAfter(DateTimeOffset due, DateTimeOffset now)
    {
        if (now < due)
        {
            return Next(due);
        }

        // Straight to the first due time past now: a target a year behind takes no loop of a million steps.
        var missed = (now - due).Ticks / Interval.Ticks;
        return due + TimeSpan.FromTicks(Interval.Ticks * (missed + 1));
    }

    /// <summary>
    /// Where in the first interval the key's first sample falls: FNV-1a of its UTF-8, mixed by MurmurHash3's
    /// finaliser, scaled to [0, interval).
    /// </summary>
    internal TimeSpan Offset(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        // FNV-1a alone barely moves its top bits for names that differ in their last characters (target-0 …
        // target-9999 put 16 % of them in one tenth of the interval); the finaliser spreads every bit over all of them.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb53a8b6e2f4fUL;
        hash ^= hash >> 33;

        // The top 53 bits as a fraction in [0, 1): exact in a double.
        var fraction = (hash >> 11) * (1.0 / (1UL << 53));
        return TimeSpan.FromTicks((long)(Interval.Ticks * fraction));
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EverySchedule other && other.Interval == Interval;

    /// <inheritdoc />
    public override int GetHashCode() => Interval.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"every {Duration.Format(Interval)}";
}
