using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>The function extensions that RFC 9535 section 2.4 defines: length, count, match, search, value.</summary>
internal static class JsonPathFunctions
{
    private static readonly FrozenDictionary<string, JsonPathFunction> ByName = new JsonPathFunction[]
    {
        new("length", [JsonPathType.Value], JsonPathType.Value, args => Length(args[0])),
        new("count", [JsonPathType.Nodes], JsonPathType.Value, args => FilterValue.OfNode(JsonValue.Create(args[0].Nodes.Count))),
        new("match", [JsonPathType.Value, JsonPathType.Value], JsonPathType.Logical, args => Matches(args[0], args[1], wholeString: true)),
        new("search", [JsonPathType.Value, JsonPathType.Value], JsonPathType.Logical, args => Matches(args[0], args[1], wholeString: false)),
        new("value", [JsonPathType.Nodes], JsonPathType.Value, args => args[0].AsValue()),
    }.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out JsonPathFunction function) => ByName.TryGetValue(name, out function!);

    private static FilterValue Length(FilterValue argument)
    {
        if (argument.IsNothing)
            return FilterValue.Nothing;
        return JsonValueComparer.KindOf(argument.Node) switch
        {
            JsonValueKind.String => FilterValue.OfNode(JsonValue.Create(CountScalarValues(argument.Node!.GetValue<string>()))),
            JsonValueKind.Array => FilterValue.OfNode(JsonValue.Create(argument.Node!.AsArray().Count)),
            JsonValueKind.Object => FilterValue.OfNode(JsonValue.Create(argument.Node!.AsObject().Count)),
            _ => FilterValue.Nothing,
        };
    }

    private static FilterValue Matches(FilterValue input, FilterValue pattern, bool wholeString)
    {
        if (input.IsNothing || pattern.IsNothing
            || JsonValueComparer.KindOf(input.Node) != JsonValueKind.String
            || JsonValueComparer.KindOf(pattern.Node) != JsonValueKind.String)
        {
            return FilterValue.OfLogical(false);
        }

        return FilterValue.OfLogical(
            IRegexpMatcher.IsMatch(pattern.Node!.GetValue<string>(), input.Node!.GetValue<string>(), wholeString));
    }

    private static int CountScalarValues(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            count++;
        }

        return count;
    }
}
