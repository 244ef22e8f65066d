namespace Gleaner.Storage.Samples;

/// <summary>How a sample store keeps a time: whole milliseconds since the Unix epoch, UTC.</summary>
internal static class StoreTime
{
    /// <summary>One hour, in the store's unit.</summary>
    public const long HourMs = 3_600_000;

    /// <summary><paramref name="time"/> in milliseconds since the epoch, rounded down to the millisecond.</summary>
    public static long ToMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary><paramref name="time"/> in milliseconds, or null.</summary>
    public static long? ToMs(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    /// <summary>The time <paramref name="ms"/> milliseconds after the epoch, in UTC.</summary>
    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>The hour <paramref name="ms"/> falls in, counted from the epoch.</summary>
    public static long HourOf(long ms) => ms >= 0 || ms % HourMs == 0 ? ms / HourMs : ms / HourMs - 1;
}
