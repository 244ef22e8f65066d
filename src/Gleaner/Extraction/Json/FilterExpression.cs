using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>A compiled node of a filter selector's expression tree.</summary>
internal abstract class FilterExpression
{
    /// <summary>The declared type, used by the parser to enforce well-typedness.</summary>
    public abstract JsonPathType Type { get; }

    /// <summary>Evaluates the expression with <paramref name="current"/> as <c>@</c> and <paramref name="root"/> as <c>$</c>.</summary>
    public abstract FilterValue Evaluate(JsonNode? current, JsonNode? root);
}
