using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>One selector of a segment (RFC 9535 section 2.3): selects children of one input node.</summary>
internal abstract class JsonPathSelector
{
    /// <summary>Appends the nodes that this selector selects from <paramref name="node"/> to <paramref name="output"/>.</summary>
    public abstract void Select(JsonNode? node, JsonNode? root, List<JsonNode?> output);

    /// <summary>The children of an object (member values in order) or an array (elements); none for a primitive.</summary>
    protected static IEnumerable<JsonNode?> ChildrenOf(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Select(member => member.Value),
        JsonArray array => array,
        _ => [],
    };
}
