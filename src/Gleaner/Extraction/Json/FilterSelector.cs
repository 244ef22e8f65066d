using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary><c>[?expr]</c>: the children for which the logical expression is true, with the child as <c>@</c>.</summary>
internal sealed class FilterSelector(FilterExpression expression) : JsonPathSelector
{
    public override void Select(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        foreach (var child in ChildrenOf(node))
        {
            if (expression.Evaluate(child, root).AsLogical())
                output.Add(child);
        }
    }
}
