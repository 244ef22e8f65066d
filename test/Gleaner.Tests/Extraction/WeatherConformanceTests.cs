using Gleaner.Extraction;
using Gleaner.Validation;

namespace Gleaner.Tests.Extraction;

/// <summary>
/// Conformance against the saved real-world weather documents in fixtures/weather: every HTML, XML and decoded
/// METAR text row of expected.jsonl, with the chain a user would write for that kind of document.
/// JSON rows are left to the JSONPath/JSON Pointer steps and their own tests (another engineer's area).
/// </summary>
public class WeatherConformanceTests
{
    // Ranges a user would write for a current temperature: wide enough for any real reading.
    private static readonly ValueSpec Fahrenheit = new(ValueKind.Number, unit: "F", min: -80, max: 140);
    private static readonly ValueSpec Celsius = new(ValueKind.Number, unit: "C", min: -60, max: 60);

    public static TheoryData<string> NonJsonRows() => [.. WeatherFixture.All.Where(f => !f.IsJson).Select(f => f.Path)];

    [Fact]
    public void ExpectedJsonl_NonJsonRows_AreAllCovered()
    {
        // 7 HTML/XML documents and 13 decoded METAR texts; a new row must get a chain here, not be skipped silently.
        var rows = WeatherFixture.All.Where(f => !f.IsJson).ToList();
        Assert.Equal(20, rows.Count);
        Assert.All(rows, row => Assert.NotNull(ChainFor(row.Path).Chain));
    }

    [Theory]
    [MemberData(nameof(NonJsonRows))]
    public void Apply_WeatherFixture_GivesExpectedCurrentTemperatureOrNoMatch(string path)
    {
        var fixture = WeatherFixture.All.Single(f => f.Path == path);
        var (chain, spec) = ChainFor(path);

        var raw = chain.Apply(fixture.ReadText());

        if (fixture.ExpectedValue is not { } expected)
        {
            // Every negative row ends as no match under these chains: the DWML forecast has no
            // /current_observation, and CWEL, AAXX, OOSH and the empty KISP body have no "Temperature:" line.
            Assert.Null(raw);
            return;
        }

        Assert.NotNull(raw);
        Assert.Equal(spec.Unit, UnitLetter(fixture.ExpectedUnit));
        var validated = ValueValidator.Validate(spec, raw);
        Assert.True(validated.IsValid, validated.Problem);
        Assert.Equal(expected, (double)validated.Value!);
    }

    [Fact]
    public void Apply_RegexFirstOnRawMapClickPage_SeesDecodedDegreeSign()
    {
        // The article's way: one regex over the whole page. The page says 45&deg;F; the regex says °F.
        var page = WeatherFixture.All.Single(f => f.Path.StartsWith("nws-mapclick-html/", StringComparison.Ordinal)).ReadText();
        var chain = ExtractionChain.Of(new RegexStep(@"myforecast-current-lrg"">(-?\d+(?:\.\d+)?)°F"));

        Assert.Equal("45", chain.Apply(page));
    }

    [Fact]
    public void Apply_CssOnMapClickSmallLine_GivesCelsiusWithDecodedEntity()
    {
        var page = WeatherFixture.All.Single(f => f.Path.StartsWith("nws-mapclick-html/", StringComparison.Ordinal)).ReadText();

        Assert.Equal("7°C", new CssStep("#current_conditions-summary p.myforecast-current-sm").Apply(page));
    }

    [Theory]
    [InlineData("other-xml/yahoo_rss_NewYork_2013-03-27_pywapi-wiki.xml", "//yweather:units/@temperature", "C")]
    [InlineData("other-xml/weathercom_NewYork10001_2013-03-27_pywapi-wiki.xml", "/weather/head/ut", "F")]
    [InlineData("nws-current-obs-xml/current_obs_KPDX_2017-02-27_our-data.xml", "/current_observation/temp_c", "3.3")]
    [InlineData("nws-current-obs-xml/current_obs_KPDX_2017-02-27_our-data.xml", "count(/current_observation/*)", "44")]
    public void Apply_XPathOnRealXml_ReadsUnitsAndScalars(string path, string xpath, string expected)
    {
        var document = WeatherFixture.All.Single(f => f.Path == path).ReadText();

        Assert.Equal(expected, new XPathStep(xpath).Apply(document));
    }

    /// <summary>The chain and value rule chosen for each kind of document, by folder (and file for other-xml).</summary>
    private static (ExtractionChain Chain, ValueSpec Spec) ChainFor(string path) => path switch
    {
        _ when path.StartsWith("nws-mapclick-html/", StringComparison.Ordinal) => (
            ExtractionChain.Of(
                new CssStep("#current_conditions-summary p.myforecast-current-lrg"),
                new RegexStep(@"(-?\d+(?:\.\d+)?)")),
            Fahrenheit),
        _ when path.StartsWith("nws-current-obs-xml/", StringComparison.Ordinal)
            || path.StartsWith("nws-dwml-xml/", StringComparison.Ordinal) => (
            ExtractionChain.Of(new XPathStep("/current_observation/temp_f")),
            Fahrenheit),
        _ when path.StartsWith("other-xml/yahoo_rss", StringComparison.Ordinal) => (
            ExtractionChain.Of(new XPathStep("//yweather:condition/@temp")),
            Celsius),
        _ when path.StartsWith("other-xml/weathercom", StringComparison.Ordinal) => (
            ExtractionChain.Of(new XPathStep("/weather/cc/tmp")),
            Fahrenheit),
        _ when path.StartsWith("tgftp-metar-decoded/", StringComparison.Ordinal) => (
            ExtractionChain.Of(new RegexStep(@"^Temperature: (-?[0-9.]+) F")),
            Fahrenheit),
        _ => throw new InvalidOperationException($"No chain chosen for fixture {path}."),
    };

    private static string? UnitLetter(string? unit) => unit switch
    {
        "degF" => "F",
        "degC" => "C",
        _ => unit,
    };
}
