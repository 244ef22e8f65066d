using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>
/// A child segment (<c>[...]</c>, <c>.name</c>) or a descendant segment (<c>..[...]</c>, <c>..name</c>) holding
/// one or more selectors.
/// </summary>
internal sealed class JsonPathSegment(bool descendant, JsonPathSelector[] selectors)
{
    /// <summary>Applies <paramref name="segments"/> in turn starting from the single node <paramref name="start"/>.</summary>
    public static List<JsonNode?> ApplyAll(JsonPathSegment[] segments, JsonNode? start, JsonNode? root)
    {
        var nodes = new List<JsonNode?> { start };
        foreach (var segment in segments)
        {
            var next = new List<JsonNode?>();
            foreach (var node in nodes)
                segment.Apply(node, root, next);
            nodes = next;
        }

        return nodes;
    }

    private void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        foreach (var selector in selectors)
            selector.Select(node, root, output);
        if (!descendant)
            return;

        // Descendants in document order: each child's subtree follows the child itself.
        switch (node)
        {
            case JsonObject obj:
                foreach (var member in obj)
                    Apply(member.Value, root, output);
                break;
            case JsonArray array:
                foreach (var element in array)
                    Apply(element, root, output);
                break;
        }
    }
}
