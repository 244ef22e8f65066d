using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>A query inside a filter: relative to <c>@</c> or absolute from <c>$</c>.</summary>
internal sealed class QueryExpression(bool relative, JsonPathSegment[] segments, bool singular) : FilterExpression
{
    public override JsonPathType Type => JsonPathType.Nodes;

    /// <summary>True when the query is a singular query (section 2.3.5.1): it selects at most one node.</summary>
    public bool IsSingular => singular;

    public override FilterValue Evaluate(JsonNode? current, JsonNode? root) =>
        FilterValue.OfNodes(JsonPathSegment.ApplyAll(segments, relative ? current : root, root));
}
