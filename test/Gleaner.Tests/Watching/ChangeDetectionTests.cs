using Gleaner.Fetching;
using Gleaner.Records;
using Gleaner.Scheduling;
using Gleaner.Targets;
using Gleaner.Validation;
using Gleaner.Watching;

namespace Gleaner.Tests.Watching;

/// <summary>What one sample makes of a target's state: its value, whether it changed, and the events it causes.</summary>
public class ChangeDetectionTests
{
    private static readonly DateTimeOffset Due = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset At = Due.AddSeconds(2);

    private static readonly Target Thermometer = new()
    {
        Name = "nyc",
        Url = new Uri("http://h.test/t"),
        Value = new ValueSpec(ValueKind.Number, unit: "F"),
        Watch = new WatchSpec { Schedule = new EverySchedule(TimeSpan.FromHours(1)) },
    };

    private static readonly TargetState Fresh = new() { Target = "nyc" };

    private static RunRecord Ok(object value, Target? target = null, Validators? validators = null, bool notModified = false) =>
        Record(new TargetResult
        {
            Target = target ?? Thermometer,
            Fetch = new FetchResult
            {
                Url = Thermometer.Url, FinalUrl = Thermometer.Url, Outcome = Outcome.Ok, Status = notModified ? 304 : 200,
                Validators = validators, NotModified = notModified,
            },
            Outcome = Outcome.Ok,
            Value = notModified ? null : value,
            At = At,
        });

    private static RunRecord Failed() => Record(TargetResult.NotFetched(Thermometer, Outcome.ConnectRefused, "connection refused", At));

    private static RunRecord Record(TargetResult result) => new(0, "k", result, 1) { Started = Due.AddSeconds(1) };

    [Fact]
    public void Apply_FirstOkSample_IsNoChange_AndStartsTheState()
    {
        var judged = ChangeDetection.Apply(Fresh, null, Due, Ok(66.9, validators: new Validators("\"v1\"", null)));

        Assert.Equal(("66.9", 66.9, "F", false, Due, Due.AddSeconds(1), At), (judged.Sample.Value, judged.Sample.Number, judged.Sample.Unit, judged.Sample.Changed, judged.Sample.Due, judged.Sample.Started, judged.Sample.Finished));
        Assert.Empty(judged.Events);
        Assert.Equal(("66.9", At, At, "\"v1\"", 0), (judged.After.Value, judged.After.ChangedAt, judged.After.LastAt, judged.After.ETag, judged.After.FailuresInARow));
        Assert.Equal(66.9, judged.Baseline);
    }

    [Fact]
    public void Apply_ValueDiffers_IsAChangeEventFromTheOldValue()
    {
        var before = ChangeDetection.Apply(Fresh, null, Due, Ok(66.9)).After;

        var judged = ChangeDetection.Apply(before, 66.9, Due, Ok(67.0));

        Assert.True(judged.Sample.Changed);
        var change = Assert.Single(judged.Events);
        Assert.Equal((WatchEventKind.Change, "66.9", "67", At), (change.Kind, change.From, change.To, change.At));
    }

    [Fact]
    public void Apply_WithThreshold_ASlowDriftIsAChangeOnceItAddsUp()
    {
        var target = Thermometer with { Watch = Thermometer.Watch! with { Threshold = 0.5 } };
        var state = ChangeDetection.Apply(Fresh, null, Due, Ok(66.0, target)).After;
        double? baseline = 66.0;
        var changed = new List<bool>();
        foreach (var value in new[] { 66.2, 66.4, 66.6, 66.7, 67.0, 67.2 })
        {
            var judged = ChangeDetection.Apply(state, baseline, Due, Ok(value, target));
            (state, baseline) = (judged.After, judged.Baseline);
            changed.Add(judged.Sample.Changed);
        }

        // 66.6 is 0.6 from 66.0; 67.2 is 0.6 from 66.6. Each step alone is 0.2 or less.
        Assert.Equal([false, false, true, false, false, true], changed);
        Assert.Equal(67.2, baseline);
    }

    [Fact]
    public void Apply_NotModified_KeepsTheValueAndValidators_AndIsNoChange()
    {
        var before = ChangeDetection.Apply(Fresh, null, Due, Ok(66.9, validators: new Validators("\"v1\"", "Thu, 01 Jan 2026 11:00:00 GMT"))).After;

        var judged = ChangeDetection.Apply(before, 66.9, Due, Ok(0.0, notModified: true));

        Assert.Equal(("66.9", 66.9, true, false, 304), (judged.Sample.Value, judged.Sample.Number, judged.Sample.NotModified, judged.Sample.Changed, judged.Sample.Status));
        Assert.Equal(("\"v1\"", "Thu, 01 Jan 2026 11:00:00 GMT"), (judged.After.ETag, judged.After.LastModified));
        Assert.Empty(judged.Events);
    }

    [Fact]
    public void Apply_FailureStreakThenRecovery_OneFailureEventAndOneRecovery()
    {
        var state = ChangeDetection.Apply(Fresh, null, Due, Ok(66.9, validators: new Validators("\"v1\"", null))).After;
        var events = new List<WatchEvent>();
        foreach (var record in new[] { Failed(), Failed(), Failed(), Ok(66.9) })
        {
            var judged = ChangeDetection.Apply(state, 66.9, Due, record);
            state = judged.After;
            events.AddRange(judged.Events);
            if (judged.Sample.Outcome != Outcome.Ok)
            {
                Assert.Equal(("66.9", "\"v1\""), (state.Value, state.ETag));
            }
        }

        Assert.Equal([WatchEventKind.Failure, WatchEventKind.Recovery], events.Select(e => e.Kind));
        Assert.Equal((Outcome.ConnectRefused, "connection refused", 1), (events[0].Outcome, events[0].Message, events[0].FailuresInARow));
        Assert.Equal(("66.9", "66.9"), (events[1].From, events[1].To));
        Assert.Equal(0, state.FailuresInARow);
    }

    [Fact]
    public void Apply_FirstSampleFails_IsAFailureEvent()
    {
        var judged = ChangeDetection.Apply(Fresh, null, Due, Failed());

        var failure = Assert.Single(judged.Events);
        Assert.Equal((WatchEventKind.Failure, null, 1), (failure.Kind, failure.From, failure.FailuresInARow));
        Assert.Equal((Outcome.ConnectRefused, (string?)null, 1), (judged.After.Outcome!.Value, judged.After.Value, judged.After.FailuresInARow));
    }
}
