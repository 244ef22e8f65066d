using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>Logical negation <c>!</c> of a test or parenthesised expression.</summary>
internal sealed class NotExpression(FilterExpression operand) : FilterExpression
{
    public override JsonPathType Type => JsonPathType.Logical;

    public override FilterValue Evaluate(JsonNode? current, JsonNode? root) =>
        FilterValue.OfLogical(!operand.Evaluate(current, root).AsLogical());
}
