using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gleaner.Tests.Extraction;

/// <summary>One row of fixtures/weather/expected.jsonl and the document it describes.</summary>
internal sealed record WeatherFixture(string Path, string Format, double? ExpectedValue, string? ExpectedUnit)
{
    public static IReadOnlyList<WeatherFixture> All { get; } = Load();

    public bool IsJson => Format.StartsWith("json", StringComparison.Ordinal);

    /// <summary>
    /// The document as text, decoded the way a fetch would: by the charset the document declares
    /// (the current_obs files declare ISO-8859-1), UTF-8 otherwise.
    /// </summary>
    public string ReadText()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("weather", Path));
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 200));
        var declared = Regex.Match(head, @"<\?xml[^>]*encoding=[""']([A-Za-z0-9._-]+)[""']");
        var encoding = declared.Success ? Encoding.GetEncoding(declared.Groups[1].Value) : new UTF8Encoding(false);
        return encoding.GetString(bytes);
    }

    public override string ToString() => Path;

    private static List<WeatherFixture> Load()
    {
        var rows = new List<WeatherFixture>();
        foreach (var line in File.ReadLines(Fixtures.Path("weather", "expected.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var row = JsonDocument.Parse(line);
            var root = row.RootElement;
            var expected = root.GetProperty("expected_current_temperature");
            rows.Add(new WeatherFixture(
                root.GetProperty("path").GetString()!,
                root.GetProperty("format").GetString()!,
                expected.ValueKind == JsonValueKind.Null ? null : expected.GetProperty("value").GetDouble(),
                expected.ValueKind == JsonValueKind.Null ? null : expected.GetProperty("unit").GetString()));
        }

        return rows;
    }
}
