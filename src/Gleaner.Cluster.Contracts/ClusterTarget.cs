namespace Gleaner.Cluster;

/// <summary>A target as it travels between silos: the URL, its rules and value type by name, and its deadline.</summary>
/// <param name="Name">The target's name.</param>
/// <param name="Url">The absolute http or https URL.</param>
/// <param name="Rules">The extraction chain, in order; empty takes the whole body.</param>
/// <param name="ValueType">The value type's job-file name (number, integer, text, boolean, timestamp).</param>
/// <param name="TotalTimeout">The fetch's total deadline.</param>
/// <param name="AllowPrivate">True when the target may reach private and loopback addresses.</param>
[GenerateSerializer, Immutable]
public sealed record ClusterTarget(
    [property: Id(0)] string Name,
    [property: Id(1)] Uri Url,
    [property: Id(2)] IReadOnlyList<ClusterRule> Rules,
    [property: Id(3)] string ValueType,
    [property: Id(4)] TimeSpan TotalTimeout,
    [property: Id(5)] bool AllowPrivate);
