using System.Globalization;
using Gleaner.Scheduling;

namespace Gleaner.Tests.Scheduling;

public class EveryScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);

    [Fact]
    public void First_SameKey_GivesTheSameOffsetFromAnyStart()
    {
        var schedule = new EverySchedule(TimeSpan.FromHours(1));

        var a = schedule.First("nyc", T0) - T0;
        var b = schedule.First("nyc", T0.AddDays(3)) - T0.AddDays(3);

        Assert.Equal(a, b);
        Assert.Equal(a, new EverySchedule(TimeSpan.FromHours(1)).First("nyc", T0) - T0);
        Assert.NotEqual(a, schedule.First("nyc-api", T0) - T0);
    }

    [Theory]
    [InlineData("target-{0}")]
    [InlineData("http://127.0.0.1:8080/p/{0}")]
    public void First_TenThousandNames_FallWithinTheFirstIntervalAndSpreadEvenly(string names)
    {
        var interval = TimeSpan.FromMinutes(10);
        var schedule = new EverySchedule(interval);
        var buckets = new int[10];

        for (var i = 0; i < 10_000; i++)
        {
            var offset = schedule.First(string.Format(CultureInfo.InvariantCulture, names, i), T0) - T0;
            Assert.InRange(offset, TimeSpan.Zero, interval - TimeSpan.FromTicks(1));
            buckets[offset.Ticks * 10 / interval.Ticks]++;
        }

        // An even spread puts 1,000 in each tenth of the interval; FNV-1a alone put 1,600 in one.
        Assert.All(buckets, count => Assert.InRange(count, 500, 1_500));
    }

    [Fact]
    public void Next_IsOneIntervalAfterTheDueTime() =>
        Assert.Equal(T0 + TenSeconds, new EverySchedule(TenSeconds).Next(T0));

    [Theory]
    [InlineData(-5, 10)]   // not yet due: the next one, as Next
    [InlineData(0, 10)]    // now is the due time: the one after it
    [InlineData(35, 40)]   // three missed: straight to the first after now
    [InlineData(40, 50)]   // now is exactly a due time: strictly later
    [InlineData(41, 50)]
    public void NextAfter_GivesTheFirstDueTimeLaterThanNow(int nowSeconds, int expectedSeconds) =>
        Assert.Equal(T0.AddSeconds(expectedSeconds), new EverySchedule(TenSeconds).NextAfter(T0, T0.AddSeconds(nowSeconds)));

    [Fact]
    public void NextAfter_YearsBehind_KeepsThePhase()
    {
        var schedule = new EverySchedule(TimeSpan.FromHours(1));
        var due = new DateTimeOffset(2015, 1, 1, 0, 20, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2025, 1, 1, 10, 20, 0, TimeSpan.Zero), schedule.NextAfter(due, new DateTimeOffset(2025, 1, 1, 9, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Constructor_UnderOneSecond_IsRefused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new EverySchedule(TimeSpan.FromMilliseconds(999)));

        Assert.StartsWith("every: 999ms is too often; the shortest interval is 1s", e.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), new EverySchedule(TimeSpan.FromSeconds(1)).Period);
    }
}
