namespace Gleaner.Cluster;

/// <summary>A value's type by its job-file name (number, integer, text, boolean, timestamp) and its checks.</summary>
[GenerateSerializer, Immutable]
public sealed record ClusterValue([property: Id(0)] string Type)
{
    /// <summary>The unit the value is in; informative.</summary>
    [Id(1)] public string? Unit { get; init; }

    /// <summary>Inclusive lower bound (number and integer).</summary>
    [Id(2)] public double? Min { get; init; }

    /// <summary>Inclusive upper bound (number and integer).</summary>
    [Id(3)] public double? Max { get; init; }

    /// <summary>A regex the whole trimmed value must match.</summary>
    [Id(4)] public string? Pattern { get; init; }

    /// <summary>Longest trimmed value accepted.</summary>
    [Id(5)] public int MaxLength { get; init; } = 4096;
}
