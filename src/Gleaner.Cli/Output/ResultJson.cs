using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gleaner.Targets;

namespace Gleaner.Cli.Output;

/// <summary>Writes a <see cref="TargetResult"/> as one JSON object: the record of <c>get --format json</c>.</summary>
internal static class ResultJson
{
    // Records go to terminals, files and pipes, never into HTML: keep '+', '<', non-ASCII readable.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(TargetResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            Write(json, result);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(Utf8JsonWriter json, TargetResult result)
    {
        var fetch = result.Fetch;
        json.WriteStartObject();
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

        json.WriteEndObject();
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
