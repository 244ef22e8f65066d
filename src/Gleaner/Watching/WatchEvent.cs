namespace Gleaner.Watching;

/// <summary>Something a person may want to know about a watched target: it changed, failed or recovered.</summary>
public sealed record WatchEvent
{
    /// <summary>The target's name.</summary>
    public required string Target { get; init; }

    /// <summary>When the sample that caused it finished.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>What happened.</summary>
    public required WatchEventKind Kind { get; init; }

    /// <summary>The value before (the last ok value for a recovery); null when there was none.</summary>
    public string? From { get; init; }

    /// <summary>The value after; null for a failure.</summary>
    public string? To { get; init; }

    /// <summary>The sample's outcome.</summary>
    public required Outcome Outcome { get; init; }

    /// <summary>The failure's message, for a failure; null otherwise.</summary>
    public string? Message { get; init; }

    /// <summary>How many samples in a row had failed, this one included (0 unless a failure).</summary>
    public int FailuresInARow { get; init; }
}
