using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary><c>*</c>: every child of an object or array.</summary>
internal sealed class WildcardSelector : JsonPathSelector
{
    public static WildcardSelector Instance { get; } = new();

    public override void Select(JsonNode? node, JsonNode? root, List<JsonNode?> output) => output.AddRange(ChildrenOf(node));
}
