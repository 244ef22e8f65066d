using Gleaner.Fetching;

namespace Gleaner.Watching;

/// <summary>One sample of a watched target: when it was due and taken, and how it ended.</summary>
public sealed record Sample
{
    /// <summary>The target's name.</summary>
    public required string Target { get; init; }

    /// <summary>When the schedule said it was due.</summary>
    public required DateTimeOffset Due { get; init; }

    /// <summary>When its fetch started (after robots.txt, politeness and slots); minus <see cref="Due"/> is its lateness.</summary>
    public required DateTimeOffset Started { get; init; }

    /// <summary>When it ended.</summary>
    public required DateTimeOffset Finished { get; init; }

    /// <summary>Ok, or the failure that ended it. A 304 is ok, with <see cref="NotModified"/> set.</summary>
    public required Outcome Outcome { get; init; }

    /// <summary>The value in its invariant text form (the previous value for a 304); null on failure.</summary>
    public string? Value { get; init; }

    /// <summary>The value as a number, when its type is number or integer.</summary>
    public double? Number { get; init; }

    /// <summary>The value's unit (from the target's value spec), e.g. <c>F</c>.</summary>
    public string? Unit { get; init; }

    /// <summary>The HTTP status of the last response, when one arrived.</summary>
    public int? Status { get; init; }

    /// <summary>Where the time of the fetch went.</summary>
    public PhaseTimings Timings { get; init; } = new();

    /// <summary>Body bytes on the wire.</summary>
    public long WireBytes { get; init; }

    /// <summary>Fetch attempts made (0 when it was never fetched).</summary>
    public int Attempts { get; init; }

    /// <summary>True when the server answered 304 Not Modified to a conditional request.</summary>
    public bool NotModified { get; init; }

    /// <summary>True when the value differs from the previous ok value (by more than the threshold, when there is one).</summary>
    public bool Changed { get; init; }

    /// <summary>What went wrong, for a failure.</summary>
    public string? Error { get; init; }
}
