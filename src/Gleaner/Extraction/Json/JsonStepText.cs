using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>
/// What the JSON extraction steps share: reading the fetched text as a bounded JSON document and turning the
/// selected node into the extracted text.
/// </summary>
internal static class JsonStepText
{
    // Duplicate member names are rejected while parsing; JsonObject would otherwise throw later, on first access.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = DocumentLimits.MaxJsonDepth, AllowDuplicateProperties = false };

    // The text is stored as data, not embedded in HTML, so non-ASCII and markup characters stay readable.
    private static readonly JsonSerializerOptions CompactOptions = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Parses <paramref name="input"/>; false when it is not JSON or repeats a member name within an object. Every
    /// walk over the result (JSONPath's descendant segment, comparisons, rendering) recurses by its depth, so a
    /// document that nests deeper than 64 arrays and objects throws <see cref="DocumentLimitException"/> instead.
    /// </summary>
    public static bool TryParse(string input, out JsonNode? root)
    {
        try
        {
            root = JsonNode.Parse(input, documentOptions: DocumentOptions);
            return true;
        }
        catch (JsonException) when (NestsTooDeep(input))
        {
            throw DocumentLimitException.TooDeep("JSON", DocumentLimits.MaxJsonDepth, "arrays and objects");
        }
        catch (JsonException)
        {
            root = null;
            return false;
        }
    }

    // System.Text.Json reports its depth limit as any other JsonException, so a failed parse is read once more with
    // room for one more level: too deep when the reader gets there before it meets anything that is not JSON.
    private static bool NestsTooDeep(string input)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(input), new JsonReaderOptions { MaxDepth = DocumentLimits.MaxJsonDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= DocumentLimits.MaxJsonDepth)
                {
                    return true;
                }
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The extracted text of a node: a string's value, a number's text as written, <c>true</c>/<c>false</c>, an
    /// object's or array's compact JSON; null for JSON null.
    /// </summary>
    public static string? Render(JsonNode? node) => JsonValueComparer.KindOf(node) switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => node!.GetValue<string>(),
        JsonValueKind.Number => JsonValueComparer.NumberText(node!),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => node!.ToJsonString(CompactOptions),
    };
}
