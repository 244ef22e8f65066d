using System.Text;
using BenchmarkDotNet.Attributes;
using Gleaner.Extraction;

namespace Gleaner.Benchmarks;

/// <summary>
/// What a hostile document costs a rule: pages nested 100,000 deep (refused as too_deep), and the worst 2 MiB
/// pages found within the limits: nests 510 divs deep, back to back; 700,000 &lt;a&gt; tags, each closing the last
/// through the adoption agency; &lt;col&gt;&lt;td&gt; over and over, 1.2 million elements with the implied
/// colgroup, tbody and tr; formatting elements re-opened after every block (refused as too_large). Each case
/// returns the value or the outcome's name, and the setup checks it is the expected one.
/// </summary>
[MemoryDiagnoser]
public class DeepDocumentBenchmarks
{
    private const int Deep = 100_000;
    private const int Cap = 2 << 20;

    private Func<string> _apply = () => "";

    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "";

    public static IEnumerable<string> Cases =>
    [
        "css 100k", "css 100k unclosed", "xpath 100k", "xpath 100k unclosed",
        "xpath XML 100k", "jsonpath 100k arrays", "jsonptr 100k objects",
        "css 2MiB depth 512", "xpath 2MiB depth 512", "css 2MiB <a>", "css 2MiB <col><td>", "css 2MiB reopening",
    ];

    [GlobalSetup]
    public void Setup()
    {
        var (kind, expression, page, expected) = Case switch
        {
            "css 100k" => ("css", "p", Html(Repeat("<div>", Deep) + "<p>42</p>" + Repeat("</div>", Deep)), "too_deep"),
            "css 100k unclosed" => ("css", "p", Html(Repeat("<div>", Deep) + "<p>42</p>"), "too_deep"),
            "xpath 100k" => ("xpath", "//p", Html(Repeat("<div>", Deep) + "<p>42</p>" + Repeat("</div>", Deep)), "too_deep"),
            "xpath 100k unclosed" => ("xpath", "//p", Html(Repeat("<div>", Deep) + "<p>42</p>"), "too_deep"),
            "xpath XML 100k" => ("xpath", "//temp_f", "<?xml version=\"1.0\"?><r>" + Repeat("<level>", Deep) + "<temp_f>42</temp_f>" + Repeat("</level>", Deep) + "</r>", "too_deep"),
            "jsonpath 100k arrays" => ("jsonpath", "$..value", Repeat("[", Deep) + "{\"value\":42}" + Repeat("]", Deep), "too_deep"),
            "jsonptr 100k objects" => ("jsonpointer", "/a/a/value", Repeat("{\"a\":", Deep) + "{\"value\":42}" + Repeat("}", Deep), "too_deep"),
            "css 2MiB depth 512" => ("css", "p", Html(Fill(Repeat("<div>", 510) + Repeat("</div>", 510)) + "<p>42</p>"), "42"),
            "xpath 2MiB depth 512" => ("xpath", "//p", Html(Fill(Repeat("<div>", 509) + Repeat("</div>", 509)) + "<p>42</p>"), "42"),
            "css 2MiB <a>" => ("css", "p", Html(Fill("<a>") + "<p>42</p>"), "42"),
            "css 2MiB <col><td>" => ("css", "p", Html("<table>" + Fill("<col><td>") + "<p>42</p>"), "42"),
            "css 2MiB reopening" => ("css", "p", Html("<div>" + Repeat("<b><i><u><s><em><tt>", 6) + "</div>" + Fill("<div>x</div>") + "<p>42</p>"), "too_large"),
            _ => throw new ArgumentException($"unknown case {Case}"),
        };

        var step = ExtractionRules.Compile(kind, expression);
        _apply = () =>
        {
            try
            {
                return step.Apply(page) ?? "no match";
            }
            catch (DocumentLimitException e)
            {
                return e.Outcome.ToName();
            }
        };

        // A case that no longer ends as it should would measure something else.
        var result = _apply();
        if (result != expected)
        {
            throw new InvalidOperationException($"{Case} ended as {result}, not {expected}");
        }
    }

    [Benchmark]
    public string Apply() => _apply();

    private static string Html(string body) => "<!DOCTYPE html><html><body>" + body;

    private static string Repeat(string s, int count) => new StringBuilder(s.Length * count).Insert(0, s, count).ToString();

    private static string Fill(string unit) => Repeat(unit, (Cap - 100) / unit.Length);
}
