using System.Text.Json.Serialization;

namespace Gleaner.Dashboard.Api;

/// <summary>One target as the overview and <c>/api/targets</c> show it (docs/dashboard.md).</summary>
internal sealed record TargetItem
{
    public required string Name { get; init; }
    public string? Url { get; init; }
    public required string Host { get; init; }
    public string? Value { get; init; }
    public double? Number { get; init; }
    public string? Unit { get; init; }
    public string? Outcome { get; init; }
    public DateTimeOffset? At { get; init; }
    public DateTimeOffset? ChangedAt { get; init; }
    public int FailuresInARow { get; init; }
    public string? Error { get; init; }

    /// <summary>The sparkline: the last samples' numbers, oldest first; absent from stream items.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double?[]? Recent { get; init; }

    /// <summary>Stream items only: whether the sample changed the value.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Changed { get; init; }

    /// <summary>Stream items only: when the sample was due.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Due { get; init; }
}

/// <summary>A window of the overview: <c>GET /api/targets</c>.</summary>
internal sealed record TargetPage(int Total, int Offset, int Limit, IReadOnlyDictionary<string, int> Outcomes, IReadOnlyList<TargetItem> Items);

/// <summary>A change, failure or recovery: <c>GET /api/events</c>.</summary>
internal sealed record EventItem
{
    public required string Target { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Kind { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public required string Outcome { get; init; }
    public string? Message { get; init; }
    public int FailuresInARow { get; init; }
}

/// <summary>Events, newest first.</summary>
internal sealed record EventsPage(IReadOnlyList<EventItem> Events);

/// <summary>What a refused request gets: one line that says why.</summary>
internal sealed record ErrorItem(string Error);
