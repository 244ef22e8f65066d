using System.Text;
using BenchmarkDotNet.Attributes;
using Gleaner.Extraction;

namespace Gleaner.Benchmarks;

/// <summary>
/// One compiled rule of each kind applied to a real page: the KPDX MapClick HTML (73 KB) for regex, css and
/// xpath, the KPDX current observation (2.5 KB) and a DWML forecast (6 KB) for xpath on XML, api.weather.gov's
/// KNYC observation (4.7 KB) for jsonpath and jsonpointer. "regex (chain)" is what
/// <c>ExtractionChain.Apply</c> does on HTML, as a run does: the page's characters in a scratch buffer, references
/// decoded in place, and the regex sought there for its bounds, with no page string.
/// </summary>
[MemoryDiagnoser]
public class ExtractionBenchmarks
{
    /// <summary>The temperature regex of the end-to-end comparison (bench/compare).</summary>
    public const string TemperatureRegex = @"(-?\d+(?:\.\d+)?)\s*(?:&deg;|°)?\s*F";

    private Func<string?> _apply = () => null;

    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "";

    public static IEnumerable<string> Cases =>
        ["regex", "regex (chain)", "css", "xpath", "xpath (obs XML)", "xpath (DWML)", "jsonpath", "jsonpointer"];

    [GlobalSetup]
    public void Setup()
    {
        var html = Encoding.UTF8.GetString(Fixtures.Weather(Fixtures.MapClickHtml));
        var json = Encoding.UTF8.GetString(Fixtures.Weather(Fixtures.ObservationJson));
        var obs = Encoding.UTF8.GetString(Fixtures.Weather(Fixtures.CurrentObsXml));
        var dwml = Encoding.UTF8.GetString(Fixtures.Weather(Fixtures.DwmlXml));
        _apply = Case switch
        {
            "regex" => Bind(ExtractionRules.Compile("regex", TemperatureRegex).Apply, html),
            "regex (chain)" => Bind(ExtractionChain.Of(ExtractionRules.Compile("regex", TemperatureRegex)).Apply, html),
            "css" => Bind(ExtractionRules.Compile("css", "#current_conditions-summary p.myforecast-current-lrg").Apply, html),
            "xpath" => Bind(ExtractionRules.Compile("xpath", "//p[@class='myforecast-current-lrg']").Apply, html),
            "xpath (obs XML)" => Bind(ExtractionRules.Compile("xpath", "/current_observation/temp_f").Apply, obs),
            "xpath (DWML)" => Bind(ExtractionRules.Compile("xpath", "//temperature[@type='maximum']/value[1]").Apply, dwml),
            "jsonpath" => Bind(ExtractionRules.Compile("jsonpath", "$.properties.temperature.value").Apply, json),
            "jsonpointer" => Bind(ExtractionRules.Compile("jsonpointer", "/properties/temperature/value").Apply, json),
            _ => throw new ArgumentException($"unknown case {Case}"),
        };

        // A benchmark of a rule that finds nothing would measure the wrong thing.
        _ = _apply() ?? throw new InvalidOperationException($"{Case} found no value in its page");
    }

    [Benchmark]
    public string? Apply() => _apply();

    private static Func<string?> Bind(Func<string, string?> rule, string page) => () => rule(page);
}
