using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>A string, number, <c>true</c>, <c>false</c> or <c>null</c> literal.</summary>
internal sealed class LiteralExpression(JsonNode? value) : FilterExpression
{
    public override JsonPathType Type => JsonPathType.Value;

    public override FilterValue Evaluate(JsonNode? current, JsonNode? root) => FilterValue.OfNode(value);
}
