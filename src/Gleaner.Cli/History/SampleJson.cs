using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gleaner.Watching;

namespace Gleaner.Cli.History;

/// <summary>
/// A sample as one JSON object (<see cref="SampleFields.Names"/>): <c>value</c> is a number when the sample has one,
/// else its text; null fields are written as null. Written with <see cref="Utf8JsonWriter"/> (no reflection).
/// </summary>
internal sealed class SampleJson : IDisposable
{
    // Lines go to terminals, files and pipes, never into HTML: keep '+', '<', non-ASCII readable.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _json;

    public SampleJson() => _json = new Utf8JsonWriter(_buffer, Options);

    /// <summary>Appends the sample's line, with its newline, to <paramref name="line"/>.</summary>
    public void Append(StringBuilder line, Sample sample)
    {
        var json = _json;
        json.WriteStartObject();
        json.WriteString("name", sample.Target);
        json.WriteString("due", SampleFields.Time(sample.Due));
        json.WriteString("started", SampleFields.Time(sample.Started));
        json.WriteString("at", SampleFields.Time(SampleFields.At(sample)));
        json.WriteString("outcome", sample.Outcome.ToName());
        if (sample.Number is { } number)
        {
            json.WriteNumber("value", number);
        }
        else
        {
            WriteStringOrNull("value", sample.Value);
        }

        WriteStringOrNull("unit", sample.Unit);
        if (sample.Status is { } status)
        {
            json.WriteNumber("status", status);
        }
        else
        {
            json.WriteNull("status");
        }

        json.WriteBoolean("not_modified", sample.NotModified);
        json.WriteBoolean("changed", sample.Changed);
        json.WriteNumber("attempts", sample.Attempts);
        WriteStringOrNull("error", sample.Error);
        json.WriteEndObject();
        json.Flush();
        // The relaxed encoder leaves bidirectional overrides raw; a line printed to a terminal must not carry them.
        line.Append(DisplayText.EscapeJson(Encoding.UTF8.GetString(_buffer.WrittenSpan))).Append('\n');
        json.Reset(_buffer);
        _buffer.ResetWrittenCount();
    }

    public void Dispose() => _json.Dispose();

    private void WriteStringOrNull(string name, string? value)
    {
        if (value is null)
        {
            _json.WriteNull(name);
        }
        else
        {
            _json.WriteString(name, value);
        }
    }
}
