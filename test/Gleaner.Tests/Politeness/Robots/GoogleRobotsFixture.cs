using System.Text;
using System.Text.Json.Nodes;

namespace Gleaner.Tests.Politeness.Robots;

/// <summary>
/// The rows of shared/fixtures/robots-google (derived from google/robotstxt robots_test.cc and
/// google/robotstxt-spec-test, Apache-2.0), keyed by a stable name: the source test and the row's index in its file.
/// </summary>
internal static class GoogleRobotsFixture
{
    public const string AllowedFile = "google_robots_test_allowed.jsonl";
    public const string OtherFile = "google_robots_test_other.jsonl";
    public const string SpecTestFile = "robotstxt_spec_test_ctc.jsonl";

    private static readonly Lazy<IReadOnlyDictionary<string, JsonObject>> AllowedRows =
        new(() => Load(AllowedFile, row => $"{Text(row, "source_test_name")}"));

    private static readonly Lazy<IReadOnlyDictionary<string, JsonObject>> SpecTestRows =
        new(() => Load(SpecTestFile, row => $"{Text(row, "source_file")}#{row["source_test_index"]}"));

    private static readonly Lazy<IReadOnlyDictionary<string, JsonObject>> OtherRows =
        new(() => Load(OtherFile, row => $"{Text(row, "kind")}:{Text(row, "source_test_name")}"));

    public static IReadOnlyDictionary<string, JsonObject> Allowed => AllowedRows.Value;

    public static IReadOnlyDictionary<string, JsonObject> SpecTest => SpecTestRows.Value;

    public static IReadOnlyDictionary<string, JsonObject> Other => OtherRows.Value;

    /// <summary>The robots.txt bytes of a row: <c>robots_txt</c> as UTF-8, or <c>robots_txt_b64</c> when not valid UTF-8.</summary>
    public static byte[] RobotsBytes(JsonObject row) =>
        row["robots_txt"] is JsonValue text
            ? Encoding.UTF8.GetBytes(text.GetValue<string>())
            : Convert.FromBase64String(Text(row, "robots_txt_b64"));

    public static string Text(JsonObject row, string field) => row[field]!.GetValue<string>();

    public static bool Flag(JsonObject row, string field) => row[field]?.GetValue<bool>() ?? false;

    private static Dictionary<string, JsonObject> Load(string file, Func<JsonObject, string> name)
    {
        var rows = new Dictionary<string, JsonObject>();
        var index = 0;
        foreach (var line in File.ReadLines(Fixtures.Path("robots-google", file)))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var row = JsonNode.Parse(line)!.AsObject();
            rows.Add($"{name(row)}[{index}]", row);
            index++;
        }

        return rows;
    }
}
