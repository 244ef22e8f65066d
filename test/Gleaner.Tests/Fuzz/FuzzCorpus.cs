using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gleaner.Tests.Fuzz;

/// <summary>
/// Real inputs to mutate: the JSONPath compliance suite's selectors, the WPT URL cases, the job files of the
/// documentation and of the job-file tests, and the regexes of the docs, the fixtures and the regex tests.
/// </summary>
internal static partial class FuzzCorpus
{
    private static readonly Lazy<string> RepositoryRoot = new(FindRepositoryRoot);

    public static readonly Lazy<string[]> JsonPaths = new(() =>
    [
        .. JsonNode.Parse(File.ReadAllText(Fixtures.Path("jsonpath-cts", "cts.json")))!["tests"]!.AsArray()
            .Select(t => t!["selector"]!.GetValue<string>()),
    ]);

    public static readonly Lazy<string[]> Urls = new(() =>
    [
        .. JsonNode.Parse(File.ReadAllText(Fixtures.Path("url-parsing-wpt", "urltestdata.json")))!.AsArray()
            .OfType<JsonObject>().Select(c => c["input"]?.GetValue<string>()).OfType<string>(),
    ]);

    public static readonly Lazy<string[]> JobFiles = new(() =>
    [
        .. CodeBlocks(Read("docs", "job-files.md"), "yaml"),
        .. Heredocs(Read("README.md")),
        .. Directory.EnumerateFiles(Source("test", "Gleaner.Tests", "Jobs"), "*.cs").SelectMany(f => RawStrings(File.ReadAllText(f))),
        .. Directory.EnumerateFiles(Fixtures.Path("weather", "vcr-cassettes"), "*.yaml").Select(File.ReadAllText),
    ]);

    public static readonly Lazy<string[]> UrlLists = new(() =>
    [
        .. CodeBlocks(Read("docs", "job-files.md"), ""),
        .. Directory.EnumerateFiles(Source("test", "Gleaner.Tests", "Jobs"), "UrlList*.cs").SelectMany(f => RawStrings(File.ReadAllText(f))),
    ]);

    public static readonly Lazy<string[]> Regexes = new(() =>
    [
        .. File.ReadLines(Fixtures.Path("weather", "expected.jsonl"))
            .Select(l => JsonNode.Parse(l)!["extraction_hint"]?.GetValue<string>())
            .OfType<string>().Where(h => h.StartsWith("regex ", StringComparison.Ordinal)).Select(h => h[6..h.IndexOf(" ;", StringComparison.Ordinal)]),
        .. RegexFlags().Matches(Read("README.md") + Read("bench", "hostile-thousand", "README.md")).Select(m => m.Groups[1].Value),
        .. new[] { "RegexStepTests.cs", "PatternScannerTests.cs", "RegexLeftmostMatchTests.cs" }
            .SelectMany(f => VerbatimStrings().Matches(File.ReadAllText(Source("test", "Gleaner.Tests", "Extraction", f))))
            .Select(m => m.Groups[1].Value.Replace("\"\"", "\"", StringComparison.Ordinal)),
    ]);

    private static string Read(params string[] parts) => File.ReadAllText(Source(parts));

    private static string Source(params string[] parts) => Path.Combine([RepositoryRoot.Value, .. parts]);

    private static IEnumerable<string> CodeBlocks(string markdown, string language) =>
        MarkdownBlocks().Matches(markdown).Where(m => m.Groups[1].Value == language).Select(m => m.Groups[2].Value);

    private static IEnumerable<string> Heredocs(string markdown) =>
        HeredocBlocks().Matches(markdown).Select(m => m.Groups[1].Value);

    // C# raw string literals ("""…"""), with the closing quotes' indentation removed from every line.
    private static IEnumerable<string> RawStrings(string source) =>
        RawStringLiterals().Matches(source).Select(m =>
        {
            var indent = m.Groups[2].Value.Length;
            return string.Join("\n", m.Groups[1].Value.Split('\n').Select(line => line.Length >= indent ? line[indent..] : line.TrimStart()));
        });

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "docs", "job-files.md")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No repository (docs/job-files.md) above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"```(\w*)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex MarkdownBlocks();

    [GeneratedRegex(@"<<'YAML'\n(.*?)\nYAML\n", RegexOptions.Singleline)]
    private static partial Regex HeredocBlocks();

    [GeneratedRegex("\"\"\"\\n(.*?)\\n([ ]*)\"\"\"", RegexOptions.Singleline)]
    private static partial Regex RawStringLiterals();

    [GeneratedRegex(@"--regex '([^']*)'")]
    private static partial Regex RegexFlags();

    [GeneratedRegex("@\"((?:[^\"]|\"\")*)\"")]
    private static partial Regex VerbatimStrings();
}
