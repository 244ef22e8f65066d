using System.Buffers;
using System.Text.Json;
using Gleaner.Targets;

namespace Gleaner.Watching.Notifications;

/// <summary>
/// The body of a notification: one JSON object, UTF-8, every field present (null when it has no value), times in
/// ISO 8601 UTC. Written by hand with <see cref="Utf8JsonWriter"/>, which native AOT keeps without reflection.
/// </summary>
internal static class NotifyJson
{
    /// <summary><paramref name="e"/> about <paramref name="target"/>, whose value is in <paramref name="unit"/>.</summary>
    public static byte[] Write(Target target, WatchEvent e, string? unit)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        // The default encoder: the receiver may put these strings in a page, so HTML-significant and non-ASCII
        // characters go as \u escapes (the JSON reads back the same).
        using (var json = new Utf8JsonWriter(buffer))
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
    public static string Kind(WatchEventKind kind) => kind switch
    {
        WatchEventKind.Change => "change",
        WatchEventKind.Failure => "failure",
        WatchEventKind.Recovery => "recovery",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

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
