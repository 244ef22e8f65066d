using Gleaner.Scheduling;

namespace Gleaner.Tests.Scheduling;

/// <summary>Due times of cron schedules, as exact UTC instants, around clock changes too.</summary>
public class CronScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0, int year = 2025) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void First_NoTimeZone_IsTheNextOccurrenceInUtcWhateverTheKey()
    {
        var schedule = new CronSchedule("0 * * * *");

        Assert.Same(TimeZoneInfo.Utc, schedule.TimeZone);
        Assert.Equal(Utc(1, 15, 11), schedule.First("a", Utc(1, 15, 10, 20)));
        Assert.Equal(Utc(1, 15, 11), schedule.First("b", Utc(1, 15, 10, 20)));
        Assert.Equal(TimeSpan.Zero, schedule.First("a", Utc(1, 15, 10, 20)).Offset);
    }

    [Fact]
    public void First_OnAnOccurrence_IsTheOneAfter() =>
        Assert.Equal(Utc(1, 15, 11), new CronSchedule("0 * * * *").First("a", Utc(1, 15, 10)));

    [Fact]
    public void Next_SixFields_ReadsSecondsFirst()
    {
        var schedule = new CronSchedule("30 0 * * * *");

        Assert.Equal(Utc(1, 15, 11).AddSeconds(30), schedule.Next(Utc(1, 15, 10).AddSeconds(30)));
    }

    [Fact]
    public void Next_SpringForwardInNewYork_RunsTheSkippedTimeAtTheEndOfTheGap()
    {
        // 2025-03-09 02:00 EST becomes 03:00 EDT: 02:30 does not exist that day.
        var schedule = new CronSchedule("30 2 * * *", NewYork);

        var first = schedule.First("a", Utc(3, 8, 12));
        var second = schedule.Next(first);

        Assert.Equal(Utc(3, 9, 7), first);       // 03:00 EDT
        Assert.Equal(Utc(3, 10, 6, 30), second); // 02:30 EDT
    }

    [Fact]
    public void Next_HourlyAcrossSpringForwardInNewYork_RunsOncePerHourThatExists()
    {
        var schedule = new CronSchedule("30 * * * *", NewYork);
        var due = schedule.First("a", Utc(3, 9, 5));

        Assert.Equal([Utc(3, 9, 5, 30), Utc(3, 9, 6, 30), Utc(3, 9, 7), Utc(3, 9, 7, 30)], Take(schedule, due, 4));
    }

    [Fact]
    public void Next_HourlyAcrossFallBackInNewYork_RunsInBothOfTheRepeatedHour()
    {
        // 2025-11-02 02:00 EDT becomes 01:00 EST: 01:30 happens twice, and a wildcard hour runs in both.
        var schedule = new CronSchedule("30 * * * *", NewYork);
        var due = schedule.First("a", Utc(11, 2, 4));

        Assert.Equal([Utc(11, 2, 4, 30), Utc(11, 2, 5, 30), Utc(11, 2, 6, 30), Utc(11, 2, 7, 30)], Take(schedule, due, 4));
    }

    [Fact]
    public void Next_DailyAcrossFallBackInNewYork_RunsTheRepeatedTimeOnce()
    {
        var schedule = new CronSchedule("30 1 * * *", NewYork);
        var due = schedule.First("a", Utc(11, 1, 12));

        Assert.Equal([Utc(11, 2, 5, 30), Utc(11, 3, 6, 30)], Take(schedule, due, 2));
    }

    [Fact]
    public void Next_DailyAcrossBothChangesInBerlin_GivesExactInstants()
    {
        // 2025-03-30 02:00 CET becomes 03:00 CEST; 2025-10-26 03:00 CEST becomes 02:00 CET.
        var schedule = new CronSchedule("30 2 * * *", Berlin);

        Assert.Equal([Utc(3, 29, 1, 30), Utc(3, 30, 1), Utc(3, 31, 0, 30)], Take(schedule, schedule.First("a", Utc(3, 29, 0)), 3));
        Assert.Equal([Utc(10, 25, 0, 30), Utc(10, 26, 0, 30), Utc(10, 27, 1, 30)], Take(schedule, schedule.First("a", Utc(10, 25, 0)), 3));
    }

    [Theory]
    [InlineData(-30, 60)]                      // not yet due: the occurrence after the due time
    [InlineData(0, 60)]                        // now is the due time: the one after it
    [InlineData(7 * 1_440 + 30, 7 * 1_440 + 60)] // a week of missed hours: straight to the first after now
    public void NextAfter_GivesTheFirstOccurrenceLaterThanNow(int nowMinutes, int expectedMinutes)
    {
        var due = Utc(1, 1, 0);

        Assert.Equal(due.AddMinutes(expectedMinutes), new CronSchedule("0 * * * *").NextAfter(due, due.AddMinutes(nowMinutes)));
    }

    [Fact]
    public void NextAfter_NowExactlyOnAnOccurrence_IsTheOneAfter() =>
        Assert.Equal(Utc(1, 8, 1), new CronSchedule("0 * * * *").NextAfter(Utc(1, 1, 0), Utc(1, 8, 0)));

    [Fact]
    public void NextAfter_TenYearsBehind_IsTheNextOccurrence() =>
        // Wednesday 8 January, 09:00 CET.
        Assert.Equal(Utc(1, 8, 8, year: 2025), new CronSchedule("0 9 * * WED", Berlin).NextAfter(Utc(1, 1, 8, year: 2015), Utc(1, 3, 12, year: 2025)));

    [Fact]
    public void Next_PastTheEndOfTheCalendar_IsMaxValue() =>
        Assert.Equal(DateTimeOffset.MaxValue, new CronSchedule("0 0 1 1 *").Next(new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("0 * * * *", 3_600)]
    [InlineData("@hourly", 3_600)]
    [InlineData("*/7 1-5 * * *", 19 * 3_600 + 4 * 60)]          // 05:56 to 01:00 the next day
    [InlineData("* * 9-16 * * MON-FRI", 64 * 3_600 + 1)]       // Friday 16:59:59 to Monday 09:00:00
    [InlineData("0 9 * * MON-FRI", 72 * 3_600)]
    [InlineData("0 0 13 * FRI", 427 * 86_400)]                // 14 months between two Fridays the 13th
    [InlineData("0 0 31 * *", 61 * 86_400)]                   // 31 March to 31 May, and others
    [InlineData("0 0 L * *", 31 * 86_400)]                    // 28 February to 31 March
    [InlineData("0 0 * * FRI#3", 35 * 86_400)]                // third Fridays are four or five weeks apart
    [InlineData("0 0 * * 5L", 35 * 86_400)]
    public void Period_InUtc_IsTheLongestGap(string expression, long seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new CronSchedule(expression).Period);

    [Fact]
    public void Period_LeapDay_SpansTheCenturyWithout()
    {
        // 2100 is not a leap year: 29 February 2096 to 29 February 2104.
        var expected = new DateTimeOffset(2104, 2, 29, 0, 0, 0, TimeSpan.Zero) - new DateTimeOffset(2096, 2, 29, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(expected, new CronSchedule("0 0 29 2 *").Period);
    }

    [Fact]
    public void Period_DailyInAZoneWithClockChanges_CountsTheLongerDay()
    {
        Assert.Equal(TimeSpan.FromHours(25), new CronSchedule("30 1 * * *", NewYork).Period);
        Assert.Equal(TimeSpan.FromHours(25), new CronSchedule("30 2 * * *", Berlin).Period);
        Assert.Equal(TimeSpan.FromHours(24), new CronSchedule("30 2 * * *").Period);
    }

    [Fact]
    public void Period_EverySecondInAZoneWithClockChanges_StaysOneSecond() =>
        Assert.Equal(TimeSpan.FromSeconds(1), new CronSchedule("* * * * * *", Berlin).Period);

    [Theory]
    [InlineData("0 0 30 2 *", "'0 0 30 2 *' never fires: no date matches its day and month fields")]
    [InlineData("0 0 31 4,6 *", "'0 0 31 4,6 *' never fires: no date matches its day and month fields")]
    [InlineData("* * *", "'* * *' has 3 fields; a cron expression has 5 (minute hour day-of-month month day-of-week), or 6 with seconds first")]
    [InlineData("61 * * * *", "'61 * * * *' is not a valid cron expression: Minutes: Value must be a number between 0 and 59 (all inclusive).")]
    [InlineData("H * * * *", "'H * * * *' uses H (a hashed time), which Gleaner does not seed; write the time, or use every: to spread samples")]
    public void Constructor_BadExpression_SaysWhatIsWrong(string expression, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new CronSchedule(expression));

        Assert.Equal($"{expected} (Parameter 'expression')", e.Message);
    }

    [Fact]
    public void ToString_NamesTheExpressionAndAnyZone()
    {
        Assert.Equal("cron 0 * * * *", new CronSchedule(" 0 * * * * ").ToString());
        Assert.Equal("cron 30 2 * * * in Europe/Berlin", new CronSchedule("30 2 * * *", Berlin).ToString());
    }

    private static DateTimeOffset[] Take(Schedule schedule, DateTimeOffset first, int count)
    {
        var due = new DateTimeOffset[count];
        due[0] = first;
        for (var i = 1; i < count; i++)
        {
            due[i] = schedule.Next(due[i - 1]);
        }

        return due;
    }
}
