namespace Gleaner.Watching.Notifications;

/// <summary>
/// Which events a <see cref="NotifyRule"/> sends for one sample: a change the engine saw (its threshold applied), a
/// failure once per streak (at exactly the rule's number in a row), and a recovery only after such a failure.
/// </summary>
internal static class NotifyEvents
{
    /// <summary>The events to send, in the order change, failure, recovery; <paramref name="after"/> includes the sample.</summary>
    public static IEnumerable<WatchEvent> For(NotifyRule rule, Sample sample, TargetState before, TargetState after)
    {
        var ok = sample.Outcome == Outcome.Ok;
        if (ok && sample.Changed && rule.On.HasFlag(NotifyOn.Change))
        {
            yield return Event(WatchEventKind.Change, sample, before) with { To = sample.Value };
        }

        // Equal, not at least: a streak that goes on past the rule's number has been told already.
        if (!ok && after.FailuresInARow == rule.FailuresInARow && rule.On.HasFlag(NotifyOn.Failure))
        {
            yield return Event(WatchEventKind.Failure, sample, before) with { Message = sample.Error, FailuresInARow = after.FailuresInARow };
        }

        // A streak shorter than the rule's number sent no failure, so it has nothing to recover from.
        if (ok && before.FailuresInARow >= rule.FailuresInARow && rule.On.HasFlag(NotifyOn.Recovery))
        {
            yield return Event(WatchEventKind.Recovery, sample, before) with { To = sample.Value };
        }
    }

    private static WatchEvent Event(WatchEventKind kind, Sample sample, TargetState before) => new()
    {
        Target = sample.Target,
        At = sample.Finished,
        Kind = kind,
        From = before.Value,
        Outcome = sample.Outcome,
    };
}
