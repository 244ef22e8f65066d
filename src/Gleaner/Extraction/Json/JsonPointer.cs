using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Gleaner.Extraction.Json;

/// <summary>
/// A compiled RFC 6901 JSON Pointer such as <c>/foo/0/a~1b</c>. The empty pointer refers to the whole document.
/// Immutable and safe to share between threads.
/// </summary>
internal sealed class JsonPointer
{
    private readonly string _text;
    private readonly string[] _tokens;

    private JsonPointer(string text, string[] tokens)
    {
        _text = text;
        _tokens = tokens;
    }

    /// <summary>
    /// Compiles <paramref name="pointer"/>. A pointer that is neither empty nor starts with <c>/</c>, or that has a
    /// <c>~</c> not followed by <c>0</c> or <c>1</c>, throws <see cref="RuleException"/> with kind
    /// <c>jsonpointer</c> and the position of the problem.
    /// </summary>
    public static JsonPointer Parse(string pointer)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        if (pointer.Length == 0)
            return new JsonPointer(pointer, []);
        if (pointer[0] != '/')
            throw new RuleException("jsonpointer", pointer, 0, "a JSON Pointer is empty or starts with '/'");

        var tokens = new List<string>();
        var token = new StringBuilder();
        for (var i = 1; i <= pointer.Length; i++)
        {
            if (i == pointer.Length || pointer[i] == '/')
            {
                tokens.Add(token.ToString());
                token.Clear();
                continue;
            }

            if (pointer[i] != '~')
            {
                token.Append(pointer[i]);
                continue;
            }

            var next = i + 1 < pointer.Length ? pointer[i + 1] : '\0';
            if (next is not ('0' or '1'))
                throw new RuleException("jsonpointer", pointer, i, "'~' must be followed by '0' or '1'");
            token.Append(next == '0' ? '~' : '/');
            i++;
        }

        return new JsonPointer(pointer, [.. tokens]);
    }

    /// <summary>
    /// Finds the value the pointer refers to in <paramref name="root"/>. Returns false when a member or element
    /// is missing; the array token <c>-</c> (past the end) never resolves. A found JSON null yields true and null.
    /// </summary>
    public bool TryResolve(JsonNode? root, out JsonNode? value)
    {
        var current = root;
        foreach (var token in _tokens)
        {
            switch (current)
            {
                case JsonObject obj when obj.TryGetPropertyValue(token, out var member):
                    current = member;
                    break;
                case JsonArray array when TryParseIndex(token, out var index) && index < array.Count:
                    current = array[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        value = current;
        return true;
    }

    /// <summary>The pointer as written.</summary>
    public override string ToString() => _text;

    /// <summary>An array index is <c>0</c> or digits without a leading zero (RFC 6901 section 4).</summary>
    private static bool TryParseIndex(string token, out int index)
    {
        index = -1;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0'))
            return false;
        foreach (var c in token)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }

        return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
