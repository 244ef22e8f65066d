using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>Logical AND <c>&amp;&amp;</c>, short-circuiting left to right.</summary>
internal sealed class AndExpression(FilterExpression[] operands) : FilterExpression
{
    public override JsonPathType Type => JsonPathType.Logical;

    public override FilterValue Evaluate(JsonNode? current, JsonNode? root)
    {
        foreach (var operand in operands)
        {
            if (!operand.Evaluate(current, root).AsLogical())
                return FilterValue.OfLogical(false);
        }

        return FilterValue.OfLogical(true);
    }
}
