using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary><c>[start:end:step]</c> over an array, with the bounds of RFC 9535 section 2.3.4.2.2.</summary>
internal sealed class SliceSelector(long? start, long? end, long? step) : JsonPathSelector
{
    public override void Select(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (node is not JsonArray array)
            return;
        var s = step ?? 1;
        if (s == 0)
            return;
        long length = array.Count;
        var first = Normalize(start ?? (s > 0 ? 0 : length - 1), length);
        var last = Normalize(end ?? (s > 0 ? length : -length - 1), length);
        if (s > 0)
        {
            var lower = Math.Min(Math.Max(first, 0), length);
            var upper = Math.Min(Math.Max(last, 0), length);
            for (var i = lower; i < upper; i += s)
                output.Add(array[(int)i]);
        }
        else
        {
            var upper = Math.Min(Math.Max(first, -1), length - 1);
            var lower = Math.Min(Math.Max(last, -1), length - 1);
            for (var i = upper; lower < i; i += s)
                output.Add(array[(int)i]);
        }
    }

    private static long Normalize(long i, long length) => i >= 0 ? i : length + i;
}
