using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>Logical OR <c>||</c>, short-circuiting left to right.</summary>
internal sealed class OrExpression(FilterExpression[] operands) : FilterExpression
{
    public override JsonPathType Type => JsonPathType.Logical;

    public override FilterValue Evaluate(JsonNode? current, JsonNode? root)
    {
        foreach (var operand in operands)
        {
            if (operand.Evaluate(current, root).AsLogical())
                return FilterValue.OfLogical(true);
        }

        return FilterValue.OfLogical(false);
    }
}
