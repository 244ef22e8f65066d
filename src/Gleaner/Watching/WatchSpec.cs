using Gleaner.Scheduling;

namespace Gleaner.Watching;

/// <summary>How a watched target is sampled and kept: its schedule, how long its history is kept, what counts as a change, whom to tell.</summary>
public sealed record WatchSpec
{
    /// <summary>When the target is due.</summary>
    public required Schedule Schedule { get; init; }

    /// <summary>How long samples and events are kept; null keeps them for good.</summary>
    public TimeSpan? Keep { get; init; }

    /// <summary>A numeric value counts as changed only when it moves by more than this; null: any other value is a change.</summary>
    public double? Threshold { get; init; }

    /// <summary>Where to send events, and which.</summary>
    public IReadOnlyList<NotifyRule> Notify { get; init; } = [];
}
