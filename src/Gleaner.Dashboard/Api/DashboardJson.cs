using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gleaner.Dashboard.Api;

/// <summary>The dashboard's JSON, generated at build time (no reflection: the native binary has no JIT).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcMillisecondsConverter)])]
[JsonSerializable(typeof(TargetPage))]
[JsonSerializable(typeof(TargetItem))]
[JsonSerializable(typeof(TargetItem[]))]
[JsonSerializable(typeof(EventsPage))]
[JsonSerializable(typeof(ErrorItem))]
internal sealed partial class DashboardJson : JsonSerializerContext;

/// <summary>Times as ISO 8601 UTC to the millisecond, <c>2026-12-04T10:00:00.000Z</c>, as the store keeps them.</summary>
internal sealed class UtcMillisecondsConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => WriteValue(writer, value);

    /// <summary>Writes <paramref name="value"/> as every time of the API is written (the samples answer writes by hand).</summary>
    public static void WriteValue(Utf8JsonWriter writer, DateTimeOffset value)
    {
        Span<byte> text = stackalloc byte[24];
        value.UtcDateTime.TryFormat(text, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..written]);
    }
}
