using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>
/// A comparison between two comparables (literals, singular queries or ValueType functions), with the
/// semantics of RFC 9535 section 2.3.5.2.2: every operator is defined from <c>==</c> and <c>&lt;</c>.
/// </summary>
internal sealed class ComparisonExpression(FilterExpression left, ComparisonOperator op, FilterExpression right)
    : FilterExpression
{
    public override JsonPathType Type => JsonPathType.Logical;

    public override FilterValue Evaluate(JsonNode? current, JsonNode? root)
    {
        var a = left.Evaluate(current, root).AsValue();
        var b = right.Evaluate(current, root).AsValue();
        var result = op switch
        {
            ComparisonOperator.Equal => JsonValueComparer.AreEqual(a, b),
            ComparisonOperator.NotEqual => !JsonValueComparer.AreEqual(a, b),
            ComparisonOperator.Less => JsonValueComparer.IsLess(a, b),
            ComparisonOperator.LessOrEqual => JsonValueComparer.IsLess(a, b) || JsonValueComparer.AreEqual(a, b),
            ComparisonOperator.Greater => JsonValueComparer.IsLess(b, a),
            ComparisonOperator.GreaterOrEqual => JsonValueComparer.IsLess(b, a) || JsonValueComparer.AreEqual(a, b),
            _ => throw new InvalidOperationException($"unknown operator {op}"),
        };
        return FilterValue.OfLogical(result);
    }
}
