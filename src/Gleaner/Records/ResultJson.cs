using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gleaner.Targets;

namespace Gleaner.Records;

/// <summary>
/// Writes results as JSON objects: <c>get --format json</c> prints one, and a run's JSONL output holds one
/// <see cref="RunRecord"/> per line (the same fields plus <c>name</c>, <c>attempts</c> and <c>at</c>).
/// </summary>
internal static class ResultJson
{
    // Records go to terminals, files and pipes, never into HTML: keep '+', '<', non-ASCII readable.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One result as a JSON object on one line.</summary>
    public static string Write(TargetResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Write(result, static (json, result) => WriteFields(json, result));
    }

    /// <summary>One run record as a JSON object on one line: the result's fields plus name, attempts and at.</summary>
    public static string Write(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Write(record, static (json, record) =>
        {
            json.WriteString("name", record.Result.Target.Name);
            WriteFields(json, record.Result);
            json.WriteNumber("attempts", record.Attempts);
            Span<char> at = stackalloc char[40];
            json.WriteString("at", record.Result.At.TryFormat(at, out var length, "O", CultureInfo.InvariantCulture)
                ? at[..length]
                : record.Result.At.ToString("O", CultureInfo.InvariantCulture));
        });
    }

    // One writer and buffer per thread, reused: a run writes a record per target, and each would otherwise
    // allocate a writer, a stream and two copies of the bytes.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private static string Write<T>(T state, Action<Utf8JsonWriter, T> fields)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var json = t_writer ??= new Utf8JsonWriter(buffer, Options);
        try
        {
            json.WriteStartObject();
            fields(json, state);
            json.WriteEndObject();
            json.Flush();
            // The relaxed encoder leaves bidirectional overrides raw; a record printed to a terminal must not carry them.
            return DisplayText.EscapeJson(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        finally
        {
            json.Reset(buffer);
            buffer.ResetWrittenCount();
        }
    }

    private static void WriteFields(Utf8JsonWriter json, TargetResult result)
    {
        var fetch = result.Fetch;
        json.WriteString("url", result.Target.Url.OriginalString);
        json.WriteString("final_url", fetch.FinalUrl.OriginalString);
        json.WriteString("outcome", result.Outcome.ToName());
        json.WritePropertyName("value");
        WriteValue(json, result.Value);
        WriteStringOrNull(json, "unit", result.Target.Value.Unit);
        if (fetch.Status is { } status)
        {
            json.WriteNumber("status", status);
        }
        else
        {
            json.WriteNull("status");
        }

        WriteStringOrNull(json, "http_version", fetch.HttpVersion);

        json.WriteStartObject("timings");
        json.WriteNumber("dns_ms", Ms(fetch.Timings.Dns));
        json.WriteNumber("connect_ms", Ms(fetch.Timings.Connect));
        json.WriteNumber("tls_ms", Ms(fetch.Timings.Tls));
        json.WriteNumber("headers_ms", Ms(fetch.Timings.Headers));
        json.WriteNumber("body_ms", Ms(fetch.Timings.Body));
        json.WriteNumber("total_ms", Ms(fetch.Timings.Total));
        json.WriteEndObject();
        json.WriteStartObject("bytes");
        json.WriteNumber("wire", fetch.WireBytes);
        json.WriteNumber("decoded", fetch.DecodedBytes);
        json.WriteEndObject();
        json.WriteStartArray("redirects");
        foreach (var hop in fetch.Redirects)
        {
            json.WriteStringValue(hop.OriginalString);
        }

        json.WriteEndArray();
        WriteStringOrNull(json, "error", result.Error);
        WriteStringOrNull(json, "content_type", fetch.MediaType);
        WriteStringOrNull(json, "charset", fetch.Charset);
        json.WriteBoolean("invalid_bytes_replaced", fetch.HadInvalidBytes);
        if (fetch.RetryAfter is { } retry)
        {
            json.WriteNumber("retry_after_s", Math.Round(retry.TotalSeconds, 3));
        }
    }

    /// <summary>The value as printed by text output: numbers in invariant culture, timestamps in ISO 8601.</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case double d: json.WriteNumberValue(d); break;
            case long l: json.WriteNumberValue(l); break;
            case bool b: json.WriteBooleanValue(b); break;
            default: json.WriteStringValue(FormatValue(value)); break;
        }
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
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

    private static double Ms(TimeSpan t) => Math.Round(t.TotalMilliseconds, 1);
}
