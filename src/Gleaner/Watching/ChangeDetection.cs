using Gleaner.Records;

namespace Gleaner.Watching;

/// <summary>
/// Turns one finished sample into what the watch keeps of it: the <see cref="Sample"/>, the target's next
/// <see cref="TargetState"/>, and the events it caused. A value changed when its text differs from the last ok value,
/// or, with a threshold, when its number moved by more than that from the value of the last change (so a slow drift
/// is seen once it adds up). An outcome went from ok to a failure (the first failure of a streak, or a first sample
/// that fails), or from a failure back to ok.
/// </summary>
internal static class ChangeDetection
{
    /// <summary>What one sample makes of <paramref name="before"/>.</summary>
    /// <param name="before">The target's state before the sample.</param>
    /// <param name="baseline">With a threshold: the number of the last change (null before the first ok sample).</param>
    /// <param name="due">When the sample was due.</param>
    /// <param name="record">How it ended.</param>
    public static Judged Apply(TargetState before, double? baseline, DateTimeOffset due, RunRecord record)
    {
        var result = record.Result;
        var target = result.Target;
        var at = result.At;
        var ok = result.Outcome == Outcome.Ok;
        string? value = null;
        double? number = null;
        if (ok)
        {
            (value, number) = result.NotModified
                ? (before.Value, before.Number)
                : (ResultJson.FormatValue(result.Value), result.Value switch { double d => d, long l => (double?)l, _ => null });
        }

        var threshold = target.Watch?.Threshold;
        var changed = ok && !result.NotModified && before.Value is not null && (threshold is { } t && number is { } n && baseline is { } b
            ? Math.Abs(n - b) > t
            : !string.Equals(value, before.Value, StringComparison.Ordinal));
        var nextBaseline = ok && (changed || baseline is null) ? number : baseline;

        var events = new List<WatchEvent>(1);
        if (changed)
        {
            events.Add(new WatchEvent { Target = target.Name, At = at, Kind = WatchEventKind.Change, From = before.Value, To = value, Outcome = result.Outcome });
        }

        var failures = ok ? 0 : before.FailuresInARow + 1;
        if (!ok && before.FailuresInARow == 0)
        {
            events.Add(new WatchEvent
            {
                Target = target.Name, At = at, Kind = WatchEventKind.Failure, From = before.Value, Outcome = result.Outcome,
                Message = result.Error, FailuresInARow = failures,
            });
        }
        else if (ok && before.FailuresInARow > 0)
        {
            events.Add(new WatchEvent { Target = target.Name, At = at, Kind = WatchEventKind.Recovery, From = before.Value, To = value, Outcome = result.Outcome });
        }

        var fetched = result.Fetch;
        var sample = new Sample
        {
            Target = target.Name,
            Due = due,
            Started = record.Started ?? at,
            Finished = at,
            Outcome = result.Outcome,
            Value = value,
            Number = number,
            Unit = target.Value.Unit,
            Status = fetched.Status,
            Timings = fetched.Timings,
            WireBytes = fetched.WireBytes,
            Attempts = record.Attempts,
            NotModified = result.NotModified,
            Changed = changed,
            Error = result.Error,
        };
        // Validators come from the last response that had the page; a failure or a 304 without new ones keeps them.
        // After a redirect they belong to another URL than the one asked next time, so they are not kept.
        var validators = ok && fetched.Validators is { } fresh && fetched.FinalUrl == target.Url ? fresh : null;
        var after = before with
        {
            Url = target.Url,
            LastDue = due,
            LastAt = at,
            ETag = validators is null ? before.ETag : validators.ETag,
            LastModified = validators is null ? before.LastModified : validators.LastModified,
            Outcome = result.Outcome,
            Value = ok ? value : before.Value,
            Number = ok ? number : before.Number,
            Unit = target.Value.Unit,
            ChangedAt = ok && (changed || before.Value is null) ? at : before.ChangedAt,
            FailuresInARow = failures,
        };
        return new Judged(sample, after, events, nextBaseline);
    }

    /// <summary>What <see cref="Apply"/> made of a sample.</summary>
    public sealed record Judged(Sample Sample, TargetState After, IReadOnlyList<WatchEvent> Events, double? Baseline);
}
