using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary><c>[i]</c>: one array element; a negative index counts from the end.</summary>
internal sealed class IndexSelector(long index) : JsonPathSelector
{
    public override void Select(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (node is not JsonArray array)
            return;
        var i = index < 0 ? array.Count + index : index;
        if (i >= 0 && i < array.Count)
            output.Add(array[(int)i]);
    }
}
