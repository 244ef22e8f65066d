using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>
/// The result of evaluating a filter expression: a value (or Nothing), a logical value, or a nodelist.
/// JSON null is a value whose <see cref="Node"/> is null; Nothing is told apart by <see cref="IsNothing"/>.
/// </summary>
internal readonly struct FilterValue
{
    private static readonly IReadOnlyList<JsonNode?> NoNodes = [];

    private FilterValue(JsonPathType type, bool isNothing, JsonNode? node, bool logical, IReadOnlyList<JsonNode?> nodes)
    {
        Type = type;
        IsNothing = isNothing;
        Node = node;
        Logical = logical;
        Nodes = nodes;
    }

    public static FilterValue Nothing { get; } = new(JsonPathType.Value, true, null, false, NoNodes);

    public JsonPathType Type { get; }

    public bool IsNothing { get; }

    public JsonNode? Node { get; }

    public bool Logical { get; }

    public IReadOnlyList<JsonNode?> Nodes { get; }

    public static FilterValue OfNode(JsonNode? node) => new(JsonPathType.Value, false, node, false, NoNodes);

    public static FilterValue OfLogical(bool value) => new(JsonPathType.Logical, false, null, value, NoNodes);

    public static FilterValue OfNodes(IReadOnlyList<JsonNode?> nodes) => new(JsonPathType.Nodes, false, null, false, nodes);

    /// <summary>Converts a nodelist from a singular query to a value (section 2.4.2); values pass through.</summary>
    public FilterValue AsValue() => Type switch
    {
        JsonPathType.Nodes => Nodes.Count == 1 ? OfNode(Nodes[0]) : Nothing,
        _ => this,
    };

    /// <summary>Converts a nodelist to a logical value: LogicalTrue when it is not empty (section 2.4.2).</summary>
    public bool AsLogical() => Type switch
    {
        JsonPathType.Logical => Logical,
        JsonPathType.Nodes => Nodes.Count > 0,
        _ => throw new InvalidOperationException("a value is not a logical result"),
    };
}
