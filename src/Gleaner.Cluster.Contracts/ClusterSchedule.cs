namespace Gleaner.Cluster;

/// <summary>A watched target's schedule as it travels: an interval, or a cron expression in a time zone.</summary>
/// <param name="Every">The interval, for <c>every:</c>; null for cron.</param>
/// <param name="Cron">The expression, for <c>cron:</c>; null for an interval.</param>
/// <param name="TimeZone">The cron expression's time zone ID; null for UTC or an interval.</param>
[GenerateSerializer, Immutable]
public sealed record ClusterSchedule(
    [property: Id(0)] TimeSpan? Every,
    [property: Id(1)] string? Cron,
    [property: Id(2)] string? TimeZone);
