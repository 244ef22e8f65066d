using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary><c>['name']</c> or <c>.name</c>: the member value of an object with that name.</summary>
internal sealed class NameSelector(string name) : JsonPathSelector
{
    public override void Select(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (node is JsonObject obj && obj.TryGetPropertyValue(name, out var value))
            output.Add(value);
    }
}
