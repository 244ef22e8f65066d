namespace Gleaner.Extraction.Json;

/// <summary>
/// Extraction step <c>jsonpath</c>: reads the input as JSON and returns the first node an RFC 9535 query
/// selects, as text. Input that is not JSON, no selected node, or a JSON null is no match.
/// </summary>
internal sealed class JsonPathStep : IExtractionStep
{
    private readonly JsonPathQuery _query;

    /// <summary>Compiles <paramref name="expression"/>; throws <see cref="RuleException"/> when it is invalid.</summary>
    public JsonPathStep(string expression) => _query = JsonPathQuery.Parse(expression);

    /// <inheritdoc />
    public string Kind => "jsonpath";

    /// <inheritdoc />
    public string Expression => _query.Expression;

    /// <inheritdoc />
    public string? Apply(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!JsonStepText.TryParse(input, out var root))
            return null;
        var nodes = _query.Select(root);
        return nodes.Count == 0 ? null : JsonStepText.Render(nodes[0]);
    }
}
