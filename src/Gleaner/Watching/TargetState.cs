using Gleaner.Fetching.Cookies;

namespace Gleaner.Watching;

/// <summary>
/// What the store keeps of each watched target between samples and restarts: where its schedule stands, its
/// validators for conditional requests, its last value and outcome, and its cookies when it keeps them.
/// </summary>
public sealed record TargetState
{
    /// <summary>The target's name.</summary>
    public required string Target { get; init; }

    /// <summary>The URL sampled (as named in the job), for people and the dashboard's host filter.</summary>
    public Uri? Url { get; init; }

    /// <summary>The due time of the last sample taken; null before the first.</summary>
    public DateTimeOffset? LastDue { get; init; }

    /// <summary>When the last sample finished; null before the first.</summary>
    public DateTimeOffset? LastAt { get; init; }

    /// <summary>The ETag of the last ok response, sent back as If-None-Match.</summary>
    public string? ETag { get; init; }

    /// <summary>The Last-Modified of the last ok response, sent back as If-Modified-Since.</summary>
    public string? LastModified { get; init; }

    /// <summary>The last sample's outcome; null before the first.</summary>
    public Outcome? Outcome { get; init; }

    /// <summary>The last ok value (kept through failures).</summary>
    public string? Value { get; init; }

    /// <summary>The last ok value as a number, when it is one.</summary>
    public double? Number { get; init; }

    /// <summary>The value's unit.</summary>
    public string? Unit { get; init; }

    /// <summary>When the value last changed (its first sample counts); null before any ok sample.</summary>
    public DateTimeOffset? ChangedAt { get; init; }

    /// <summary>Failed samples in a row up to the last one (0 after an ok sample).</summary>
    public int FailuresInARow { get; init; }

    /// <summary>
    /// The target's cookies as its last sample left them, when it keeps cookies: secrets, so a store opened only to
    /// read (the dashboard, <c>history</c>, <c>export</c>) does not load them.
    /// </summary>
    public SavedCookies? Cookies { get; init; }
}
