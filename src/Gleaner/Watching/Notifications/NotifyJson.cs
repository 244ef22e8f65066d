using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gleaner.Targets;

namespace Gleaner.Watching.Notifications;

/// <summary>
/// The body of a notification: one JSON object, UTF-8, every field present (null when it has no value), times in
/// ISO 8601 UTC. Written by hand with <see cref="Utf8JsonWriter"/>, which native AOT keeps without reflection.
/// </summary>
internal static class NotifyJson
{
    // As the run's records are written (ResultJson): '&' in a URL and '°' in a unit stay readable. Escaping changes
    // only how the JSON is spelled, never what a receiver reads from it.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><paramref name="e"/> about <paramref name="target"/>, whose value is in <paramref name="unit"/>.</summary>
    public static byte[] Write(Target target, WatchEvent e, string? unit)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("target", target.Name);
            json.WriteString("url", target.Url.OriginalString);
            json.WriteString("kind", Kind(e.Kind));
            json.WriteString("at", e.At.UtcDateTime);
            StringOrNull(json, "from", e.From);
            StringOrNull(json, "to", e.To);
            StringOrNull(json, "unit", unit);
            json.WriteString("outcome", e.Outcome.ToName());
            StringOrNull(json, "message", e.Message);
            json.WriteNumber("failures_in_a_row", e.FailuresInARow);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The wire name of <paramref name="kind"/>.</summary>
    public static string Kind(WatchEventKind kind) => Storage.Samples.EventKindNames.ToName(kind);

    private static void StringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
