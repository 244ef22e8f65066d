using System.Globalization;
using Gleaner.Extraction;
using Gleaner.Fetching;
using Gleaner.Targets;
using Gleaner.Tests.Simulator;
using Gleaner.Validation;

namespace Gleaner.Tests.Targets;

/// <summary>
/// Every extractor against every deep route, over HTTP through <see cref="TargetRunner"/>: each target ends as its
/// exact outcome. The deadline covers extraction (a late result is <c>deadline</c>), so an exact outcome other
/// than that also says the target ended within its deadline.
/// </summary>
public sealed class DeepDocumentRunTests(FastSimulatorFixture fixture) : IClassFixture<FastSimulatorFixture>, IDisposable
{
    private static readonly FetchLimits Limits = new() { TotalTimeout = TimeSpan.FromSeconds(5) };

    private readonly Fetcher _fetcher = new();

    public static TheoryData<string, string, string, string, string?> Cases() => new()
    {
        { "/deep/divs.html", "css", "p.myforecast-current-lrg", "too_deep", null },
        { "/deep/divs.html", "xpath", "//p[@class='myforecast-current-lrg']", "too_deep", null },
        { "/deep/divs.html", "jsonpath", "$..value", "no_match", null },
        { "/deep/divs.html", "jsonpointer", "/properties", "no_match", null },
        { "/deep/divs.html", "regex", @"(-?\d+)\s*°F", "ok", "42" },
        { "/deep/unclosed-divs.html", "css", "p.myforecast-current-lrg", "too_deep", null },
        { "/deep/unclosed-divs.html", "xpath", "//p[@class='myforecast-current-lrg']", "too_deep", null },
        { "/deep/unclosed-divs.html", "jsonpath", "$..value", "no_match", null },
        { "/deep/unclosed-divs.html", "jsonpointer", "/properties", "no_match", null },
        { "/deep/unclosed-divs.html", "regex", @"(-?\d+)\s*°F", "ok", "42" },
        { "/deep/levels.xml", "css", "temp_f", "too_deep", null },
        { "/deep/levels.xml", "xpath", "//temp_f", "too_deep", null },
        { "/deep/levels.xml", "jsonpath", "$..value", "no_match", null },
        { "/deep/levels.xml", "jsonpointer", "/properties", "no_match", null },
        { "/deep/levels.xml", "regex", @"<temp_f>(-?[\d.]+)<", "ok", "42" },
        { "/deep/arrays.json", "css", "p", "no_match", null },
        { "/deep/arrays.json", "xpath", "//p", "no_match", null },
        { "/deep/arrays.json", "jsonpath", "$..temperature.value", "too_deep", null },
        { "/deep/arrays.json", "jsonpointer", "/0/0/0", "too_deep", null },
        { "/deep/arrays.json", "regex", @"""value"":(-?[\d.]+)", "ok", "5.6" },
        { "/deep/objects.json", "css", "p", "no_match", null },
        { "/deep/objects.json", "xpath", "//p", "no_match", null },
        { "/deep/objects.json", "jsonpath", "$..temperature.value", "too_deep", null },
        { "/deep/objects.json", "jsonpointer", "/level/level/level", "too_deep", null },
        { "/deep/objects.json", "regex", @"""value"":(-?[\d.]+)", "ok", "5.6" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RunAsync_DeepRoute_EndsAsItsOutcomeWithinTheDeadline(string path, string kind, string expression, string outcome, string? value)
    {
        var target = new Target
        {
            Name = path,
            Url = fixture.Simulator.Url(path),
            Extract = ExtractionChain.Of(ExtractionRules.Compile(kind, expression)),
            Value = new ValueSpec(ValueKind.Number),
            Limits = Limits,
        };

        var result = await new TargetRunner(_fetcher).RunAsync(target, TestContext.Current.CancellationToken);

        Assert.True(outcome == result.Outcome.ToName(), $"{kind} on {path}: expected {outcome}, got {result.Outcome.ToName()}: {result.Error}");
        Assert.Equal(value is null ? null : double.Parse(value, CultureInfo.InvariantCulture), result.Value);
        if (outcome == "too_deep")
        {
            Assert.Matches("^the (HTML|XML) nests deeper than 512 elements$|^the JSON nests deeper than 64 arrays and objects$", result.Error);
        }
    }

    public void Dispose() => _fetcher.Dispose();
}
