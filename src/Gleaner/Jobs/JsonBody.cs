using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gleaner.Jobs;

/// <summary>
/// Writes <c>body: { json: … }</c> as JSON once, at load: mappings become objects, lists arrays, and a plain scalar
/// a number, true, false or null when it reads as one (YAML 1.2's core schema); anything quoted is a string.
/// <c>${NAME}</c> in a string is filled from the environment, and the body is then secret; being inside a JSON
/// string, it can only ever be text, never change the document's shape.
/// </summary>
internal static partial class JsonBody
{
    /// <summary>The UTF-8 JSON of <paramref name="node"/>; problems (an unset variable, …) go to <paramref name="errors"/> at their place.</summary>
    public static byte[] Write(JobNode node, JobErrors errors, Func<string, string?> environment, out bool secret)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var filled = false;
        // Relaxed: the body goes to an API, never into a page, so é and < are written as themselves.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteNode(node, "body.json");
            writer.Flush();

            void WriteNode(JobNode at, string path)
            {
                switch (at)
                {
                    case JobMap map:
                        writer.WriteStartObject();
                        foreach (var (key, value) in map.Entries)
                        {
                            writer.WritePropertyName(key.Value);
                            WriteNode(value, $"{path}.{key.Value}");
                        }

                        writer.WriteEndObject();
                        break;
                    case JobList list:
                        writer.WriteStartArray();
                        for (var i = 0; i < list.Items.Count; i++)
                        {
                            WriteNode(list.Items[i], $"{path}[{i}]");
                        }

                        writer.WriteEndArray();
                        break;
                    case JobScalar { IsNull: true, IsPlain: true }:
                        writer.WriteNullValue();
                        break;
                    case JobScalar { IsPlain: true, Value: "true" or "True" or "TRUE" }:
                        writer.WriteBooleanValue(true);
                        break;
                    case JobScalar { IsPlain: true, Value: "false" or "False" or "FALSE" }:
                        writer.WriteBooleanValue(false);
                        break;
                    case JobScalar { IsPlain: true } number when JsonNumber().IsMatch(number.Value):
                        writer.WriteRawValue(number.Value, skipInputValidation: true);
                        break;
                    case JobScalar scalar:
                        var problems = EnvironmentReferences.Expand(scalar.Value, environment, out var text, out var fromEnvironment);
                        foreach (var problem in problems)
                        {
                            errors.Add(scalar, $"{path}: {problem}");
                        }

                        filled |= fromEnvironment;
                        writer.WriteStringValue(text);
                        break;
                }
            }
        }

        secret = filled;
        return buffer.WrittenSpan.ToArray();
    }

    // RFC 8259's number: what a plain YAML integer or decimal is written as; 0x1F, +5 or .inf stay strings.
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}
