using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>
/// Equality and ordering of JSON values for filter comparisons (RFC 9535 section 2.3.5.2.2): numbers compare by
/// value, strings by Unicode scalar values, arrays and objects deeply; Nothing equals only Nothing.
/// </summary>
internal static class JsonValueComparer
{
    public static bool AreEqual(FilterValue a, FilterValue b)
    {
        if (a.IsNothing || b.IsNothing)
            return a.IsNothing && b.IsNothing;
        return NodesEqual(a.Node, b.Node);
    }

    public static bool IsLess(FilterValue a, FilterValue b)
    {
        if (a.IsNothing || b.IsNothing)
            return false;
        var kindA = KindOf(a.Node);
        var kindB = KindOf(b.Node);
        if (kindA == JsonValueKind.Number && kindB == JsonValueKind.Number)
            return JsonNumberText.Compare(NumberText(a.Node!), NumberText(b.Node!)) < 0;
        if (kindA == JsonValueKind.String && kindB == JsonValueKind.String)
            return CompareScalarValues(a.Node!.GetValue<string>(), b.Node!.GetValue<string>()) < 0;
        return false;
    }

    public static bool NodesEqual(JsonNode? x, JsonNode? y)
    {
        var kind = KindOf(x);
        if (kind != KindOf(y))
            return false;
        switch (kind)
        {
            case JsonValueKind.Number:
                return JsonNumberText.Compare(NumberText(x!), NumberText(y!)) == 0;
            case JsonValueKind.String:
                return string.Equals(x!.GetValue<string>(), y!.GetValue<string>(), StringComparison.Ordinal);
            case JsonValueKind.Array:
                var left = x!.AsArray();
                var right = y!.AsArray();
                if (left.Count != right.Count)
                    return false;
                for (var i = 0; i < left.Count; i++)
                {
                    if (!NodesEqual(left[i], right[i]))
                        return false;
                }

                return true;
            case JsonValueKind.Object:
                var a = x!.AsObject();
                var b = y!.AsObject();
                if (a.Count != b.Count)
                    return false;
                foreach (var (name, value) in a)
                {
                    if (!b.TryGetPropertyValue(name, out var other) || !NodesEqual(value, other))
                        return false;
                }

                return true;
            default:
                // null, true and false carry no more than their kind.
                return true;
        }
    }

    /// <summary>The kind of a node; C# null stands for JSON null.</summary>
    public static JsonValueKind KindOf(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    /// <summary>The number's text as written in the document, or its canonical text for computed numbers.</summary>
    public static string NumberText(JsonNode node) =>
        node is JsonValue value && value.TryGetValue<JsonElement>(out var element)
            ? element.GetRawText()
            : node.ToJsonString();

    /// <summary>Orders strings by Unicode scalar value rather than by UTF-16 code unit.</summary>
    public static int CompareScalarValues(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            int ca = a[i], cb = b[i];
            if (ca != cb)
                return Fix(ca) - Fix(cb);
        }

        return a.Length - b.Length;

        // Surrogates (supplementary planes) sort after U+E000-U+FFFF in scalar order.
        static int Fix(int c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
