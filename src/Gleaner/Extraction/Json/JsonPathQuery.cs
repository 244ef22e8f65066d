using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>
/// A compiled RFC 9535 JSONPath query. Parse once, then select from any number of documents; an instance is
/// immutable and safe to share between threads.
/// </summary>
internal sealed class JsonPathQuery
{
    private readonly JsonPathSegment[] _segments;

    private JsonPathQuery(string expression, JsonPathSegment[] segments)
    {
        Expression = expression;
        _segments = segments;
    }

    /// <summary>The query as written.</summary>
    public string Expression { get; }

    /// <summary>
    /// Compiles <paramref name="expression"/>. A query that is not well-formed, or not well-typed (for example
    /// a non-singular query in a comparison), throws <see cref="RuleException"/> with kind <c>jsonpath</c> and
    /// the position of the problem.
    /// </summary>
    public static JsonPathQuery Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return new JsonPathQuery(expression, JsonPathParser.Parse(expression));
    }

    /// <summary>
    /// Applies the query to <paramref name="root"/> (C# null stands for JSON null) and returns the selected
    /// nodes in the order RFC 9535 defines. JSON null values appear as null entries. The nodes are those of the
    /// document, not copies.
    /// </summary>
    public IReadOnlyList<JsonNode?> Select(JsonNode? root) => JsonPathSegment.ApplyAll(_segments, root, root);

    /// <inheritdoc />
    public override string ToString() => Expression;
}
