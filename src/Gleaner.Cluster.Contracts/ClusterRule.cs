namespace Gleaner.Cluster;

/// <summary>One extraction step: its kind (regex, css, xpath, jsonpath, jsonpointer) and expression.</summary>
[GenerateSerializer, Immutable]
public sealed record ClusterRule([property: Id(0)] string Kind, [property: Id(1)] string Expression);
