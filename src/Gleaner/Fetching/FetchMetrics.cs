using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gleaner.Telemetry;

namespace Gleaner.Fetching;

/// <summary>
/// What every fetch records, once, as it ends: a count by outcome and HTTP status class, its duration by phase, and
/// the fetches in flight; and a <c>gleaner.fetch</c> activity when a listener wants one. Tags come from small fixed
/// sets (never a URL: that is for traces), and nothing is allocated while no listener is attached.
/// </summary>
internal static class FetchMetrics
{
    // Seconds, from a reused connection's first byte to a slow page's total deadline.
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    private static readonly Counter<long> Fetches = GleanerTelemetry.Meter.CreateCounter<long>(
        "gleaner.fetch.count", "{fetch}", "Fetches ended, by outcome and HTTP status class.");

    private static readonly Histogram<double> Duration = GleanerTelemetry.Meter.CreateHistogram(
        "gleaner.fetch.duration", "s", "Time spent in each phase of a fetch (dns, connect, tls, headers, body, total), by outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });

    private static readonly UpDownCounter<long> Active = GleanerTelemetry.Meter.CreateUpDownCounter<long>(
        "gleaner.fetch.active", "{fetch}", "Fetches in flight.");

    /// <summary>Counts a fetch in flight; true when it was counted (a listener was attached), for <see cref="Ended"/>.</summary>
    public static bool Started()
    {
        if (!Active.Enabled)
        {
            return false;
        }

        Active.Add(1);
        return true;
    }

    /// <summary>Takes back what <see cref="Started"/> counted, whether or not the fetch made a result.</summary>
    public static void Ended(bool counted)
    {
        if (counted)
        {
            Active.Add(-1);
        }
    }

    /// <summary>A <c>gleaner.fetch</c> activity, or null when no listener samples it; the URL only when it records data.</summary>
    public static Activity? StartActivity(Uri url)
    {
        var activity = GleanerTelemetry.Source.StartActivity("gleaner.fetch", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("url.full", url.AbsoluteUri);
        }

        return activity;
    }

    /// <summary>Records the fetch that made <paramref name="result"/>.</summary>
    public static void Record(FetchResult result, Activity? activity)
    {
        var outcome = result.Outcome.ToName();
        var statusClass = result.Status is >= 100 and < 600 and var status ? StatusClasses[(status / 100) - 1] : null;
        if (Fetches.Enabled)
        {
            var tags = new TagList { { "outcome", outcome } };
            if (statusClass is not null)
            {
                tags.Add("status_class", statusClass);
            }

            Fetches.Add(1, tags);
        }

        if (Duration.Enabled)
        {
            var timings = result.Timings;
            // A reused connection spent nothing on dns, connect or tls: only phases that happened are recorded.
            RecordPhase("dns", timings.Dns, outcome);
            RecordPhase("connect", timings.Connect, outcome);
            RecordPhase("tls", timings.Tls, outcome);
            RecordPhase("headers", timings.Headers, outcome);
            RecordPhase("body", timings.Body, outcome);
            Duration.Record(timings.Total.TotalSeconds, new TagList { { "phase", "total" }, { "outcome", outcome } });
        }

        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gleaner.outcome", outcome);
            if (result.Status is { } code)
            {
                activity.SetTag("http.response.status_code", code);
            }

            if (!result.IsOk)
            {
                activity.SetTag("error.type", outcome);
                activity.SetStatus(ActivityStatusCode.Error, outcome);
            }
        }
    }

    private static void RecordPhase(string phase, TimeSpan elapsed, string outcome)
    {
        if (elapsed > TimeSpan.Zero)
        {
            Duration.Record(elapsed.TotalSeconds, new TagList { { "phase", phase }, { "outcome", outcome } });
        }
    }
}
