namespace Gleaner.Cluster;

/// <summary>
/// A target as it travels between silos: the URL, its rules, its value's type and checks, its limits and retries, and
/// the headers it sends that are not secret (a User-Agent, Accept…). A secret header, a method other than GET, a
/// body, cookies, a proxy or a private CA do not travel: the client refuses such a target before anything is submitted.
/// </summary>
/// <param name="Name">The target's name.</param>
/// <param name="Url">The absolute http or https URL.</param>
/// <param name="Rules">The extraction chain, in order; empty takes the whole body.</param>
/// <param name="Value">The value's type and checks.</param>
/// <param name="Limits">The fetch's deadlines and caps.</param>
[GenerateSerializer, Immutable]
public sealed record ClusterTarget(
    [property: Id(0)] string Name,
    [property: Id(1)] Uri Url,
    [property: Id(2)] IReadOnlyList<ClusterRule> Rules,
    [property: Id(3)] ClusterValue Value,
    [property: Id(4)] ClusterLimits Limits)
{
    /// <summary>The target's own retries; null takes the job's.</summary>
    [Id(5)] public int? Retries { get; init; }

    /// <summary>The headers the target sends, none of them secret.</summary>
    [Id(6)] public IReadOnlyList<ClusterHeader> Headers { get; init; } = [];
}
