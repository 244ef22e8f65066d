using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gleaner.Telemetry;

namespace Gleaner.Watching;

/// <summary>
/// What a watch does over time: samples due, taken (by outcome), late and how late, 304s, change, failure and
/// recovery events, notifications; and a <c>gleaner.watch.sample</c> activity per sample. Tags from small fixed
/// sets: a target's name goes on its activity only, never on a metric.
/// </summary>
internal static class WatchMetrics
{
    /// <summary>A sample that starts later than this after its due time is late.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromSeconds(1);

    private static readonly double[] LatenessBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600];
    private static readonly string[] EventKinds = ["change", "failure", "recovery", "notified", "notify_failed"];

    private static readonly Counter<long> Due = GleanerTelemetry.Meter.CreateCounter<long>(
        "gleaner.watch.samples.due", "{sample}", "Samples handed out by the scheduler as they came due.");

    private static readonly Counter<long> Taken = GleanerTelemetry.Meter.CreateCounter<long>(
        "gleaner.watch.samples.taken", "{sample}", "Samples taken, by outcome.");

    private static readonly Counter<long> NotModified = GleanerTelemetry.Meter.CreateCounter<long>(
        "gleaner.watch.samples.not_modified", "{sample}", "Samples the server answered with 304 Not Modified.");

    private static readonly Counter<long> Late = GleanerTelemetry.Meter.CreateCounter<long>(
        "gleaner.watch.samples.late", "{sample}", "Samples that started more than a second after they were due.");

    private static readonly Histogram<double> Lateness = GleanerTelemetry.Meter.CreateHistogram(
        "gleaner.watch.sample.lateness", "s", "How long after its due time each sample started.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatenessBuckets });

    private static readonly Counter<long> Events = GleanerTelemetry.Meter.CreateCounter<long>(
        "gleaner.watch.events", "{event}", "Change, failure and recovery events, by kind.");

    private static readonly Counter<long> Notifications = GleanerTelemetry.Meter.CreateCounter<long>(
        "gleaner.watch.notifications", "{notification}", "Notifications sent, given up (failed) or dropped from a full queue.");

    public static void SampleDue() => Due.Add(1);

    /// <summary>Records a finished sample and its events; true when it was late.</summary>
    public static bool SampleTaken(Sample sample, IReadOnlyList<WatchEvent> events)
    {
        var lateness = sample.Started - sample.Due;
        var late = lateness > LateAfter;
        if (Taken.Enabled)
        {
            Taken.Add(1, new TagList { { "outcome", sample.Outcome.ToName() } });
        }

        if (sample.NotModified)
        {
            NotModified.Add(1);
        }

        if (late)
        {
            Late.Add(1);
        }

        Lateness.Record(lateness > TimeSpan.Zero ? lateness.TotalSeconds : 0);
        if (Events.Enabled)
        {
            foreach (var e in events)
            {
                Events.Add(1, new TagList { { "kind", EventKinds[(int)e.Kind] } });
            }
        }

        RecordActivity(sample, lateness);
        return late;
    }

    public static void Notification(string result)
    {
        if (Notifications.Enabled)
        {
            Notifications.Add(1, new TagList { { "result", result } });
        }
    }

    // Made when the sample is judged, spanning the fetch it describes: a lane takes many targets, so no activity of
    // its own could be current for the whole sample.
    private static void RecordActivity(Sample sample, TimeSpan lateness)
    {
        if (!GleanerTelemetry.Source.HasListeners())
        {
            return;
        }

        using var activity = GleanerTelemetry.Source.StartActivity(
            "gleaner.watch.sample", ActivityKind.Internal, parentContext: default, startTime: sample.Started);
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag("gleaner.target", sample.Target);
        activity.SetTag("gleaner.outcome", sample.Outcome.ToName());
        activity.SetTag("gleaner.sample.due", sample.Due);
        activity.SetTag("gleaner.sample.lateness_s", lateness.TotalSeconds);
        activity.SetTag("gleaner.sample.not_modified", sample.NotModified);
        if (sample.Outcome != Outcome.Ok)
        {
            activity.SetStatus(ActivityStatusCode.Error, sample.Outcome.ToName());
        }

        activity.SetEndTime(sample.Finished.UtcDateTime);
    }
}
