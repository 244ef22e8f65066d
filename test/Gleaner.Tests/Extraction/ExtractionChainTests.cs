using Gleaner.Extraction;

namespace Gleaner.Tests.Extraction;

public class ExtractionChainTests
{
    private const string Page = """
        <!DOCTYPE html><html><body>
        <div id="current_conditions-summary"><p class="myforecast-current-lrg">66.9&deg;F</p></div>
        </body></html>
        """;

    [Fact]
    public void Apply_CssThenRegex_ExtractsNumber()
    {
        var chain = ExtractionChain.Of(new CssStep("p.myforecast-current-lrg"), new RegexStep(@"(-?\d+(?:\.\d+)?)\s*°F"));

        Assert.Equal("66.9", chain.Apply(Page));
    }

    [Fact]
    public void Apply_RegexFirstOnHtml_SeesEntitiesDecoded()
    {
        Assert.Equal("66.9", ExtractionChain.Of(new RegexStep(@"(\d+\.\d+)°F")).Apply(Page));
    }

    [Fact]
    public void Apply_RegexFirstOnText_SeesTextUnchanged()
    {
        // Not HTML, so "&deg;" is left as written.
        Assert.Equal("66.9", ExtractionChain.Of(new RegexStep(@"(\d+\.\d+)&deg;F")).Apply("t = 66.9&deg;F"));
    }

    [Fact]
    public void Apply_RegexAfterAnotherStep_GetsThatStepsOutputUnchanged()
    {
        var chain = ExtractionChain.Of(new RegexStep(@"value=(\S+)"), new RegexStep(@"(\d+)&amp;"));

        Assert.Equal("5", chain.Apply("value=5&amp;"));
    }

    [Fact]
    public void Apply_StepFindsNothing_ShortCircuitsToNull()
    {
        var second = new CountingStep();
        var chain = ExtractionChain.Of(new CssStep("#missing"), second);

        Assert.Null(chain.Apply(Page));
        Assert.Equal(0, second.Calls);
    }

    [Fact]
    public void Of_NoSteps_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ExtractionChain.Of());
    }

    [Fact]
    public void Of_NullStep_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ExtractionChain.Of(new RegexStep("a"), null!));
    }

    [Fact]
    public void Of_CallerChangesArray_ChainKeepsItsSteps()
    {
        var steps = new IExtractionStep[] { new RegexStep("a") };
        var chain = ExtractionChain.Of(steps);

        steps[0] = new RegexStep("b");

        Assert.Equal("a", chain.Steps[0].Expression);
    }

    public static TheoryData<string, string> PreparedCases => new()
    {
        { "regex", Page },
        { "regex", "plain 51&deg;F and &amp;deg; 40.5&deg;F" },
        { "regex", "<?xml version=\"1.0\"?><t>38.5&deg;F &#176;</t>" },
        { "regex", "<html><p>salt &amp; 12&amp;deg;F, 7&deg;F</p></html>" },
        { "css", Page },
        { "xpath", "<html><body><p>22&deg;F</p></body></html>" },
    };

    [Theory]
    [MemberData(nameof(PreparedCases))]
    public void ApplyAndPrepareThenApplyPrepared_SameValueAsTheStepsOnStrings(string kind, string document)
    {
        var first = kind switch
        {
            "css" => (IExtractionStep)new CssStep("p"),
            "xpath" => new XPathStep("//p"),
            _ => new RegexStep(@"(-?\d+(?:\.\d+)?)\s*(?:&deg;|°)F"),
        };
        var chain = ExtractionChain.Of(first, new RegexStep(@"(-?\d+(?:\.\d+)?)"));
        var expected = OnStrings(chain, document);

        Assert.NotNull(expected);
        Assert.Equal(expected, chain.Apply(document));
        Assert.Equal(expected, chain.ApplyPrepared(chain.Prepare(document.ToCharArray()), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(@"(-?\d+)\s*(?:&deg;|°)F", "<html><p>low 40&deg;F, high 51°F</p></html>", "40")]
    [InlineData(@"(-?\d+)\s*(?:&deg;|°)F", "<html><p>no temperature here</p></html>", null)]
    [InlineData(@"[^<]*(\d+)", "<p>x 7</p>", "7")]
    [InlineData(@"^(\d+)F", "12F\n34F", "12")]
    [InlineData(@"\b(\d+)F", "a12F 34F", "34")]
    public void Prepare_RegexFirst_IsTheFirstStepsValue(string pattern, string document, string? expected) =>
        Assert.Equal(expected, ExtractionChain.Of(new RegexStep(pattern)).Prepare(document.ToCharArray()));

    [Theory]
    [InlineData("(a|)[^a]", "\n\u00b0c")] // a window of just "\n" made the engine drop the empty group
    [InlineData("(a|)[^a]", "\n")]
    [InlineData("(x*)", "")]
    [InlineData(@"(\d*)F", "F 12F")]
    public void Apply_EngineEdgeCases_SameValueAsTheStepsOnStrings(string pattern, string document)
    {
        var chain = ExtractionChain.Of(new RegexStep(pattern));

        Assert.Equal(OnStrings(chain, document), chain.Apply(document));
    }

    [Fact]
    public void Apply_RandomPatterns_SameValueAsTheStepsOnStrings()
    {
        var random = new Random(11);
        string[] atoms =
        [
            "a", "b", "-?", @"\d", @"\d+", @"(\d*)", "(a|)", "[ab]", "[^a]", "x*", @"\s*", "c+?", ".", ".*?", @"(?:\.\d+)?",
            "F", "^", "$", @"\b", @"\B", @"\A", @"\z", "(a|b)?", "&deg;", "°",
        ];
        const string alphabet = "abc-1 x.F9\n°";
        var windowed = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var pattern = string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => atoms[random.Next(atoms.Length)]));
            var text = new string([.. Enumerable.Range(0, random.Next(0, 16)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            if (random.Next(4) == 0)
            {
                text = $"<html>{text.Replace("°", "&deg;", StringComparison.Ordinal)}</html>";
            }

            var step = new RegexStep(pattern);
            var chain = ExtractionChain.Of(step);
            windowed += step.ReadsOnlyItsMatch ? 1 : 0;
            var expected = OnStrings(chain, text);
            var actual = chain.Apply(text);

            Assert.True(expected == actual, $"pattern {pattern} on '{text}': the step on strings gives '{expected}', Apply '{actual}'");
        }

        // Both paths were taken: patterns that read only their match, and patterns with anchors or boundaries.
        Assert.InRange(windowed, 1_000, 2_000);
    }

    // The reference the chain's span path is held to: the entity rule on a string, then each step's string form.
    private static string? OnStrings(ExtractionChain chain, string document)
    {
        string? value = chain.Steps[0] is RegexStep && DocumentSniffer.Sniff(document) == DocumentKind.Html ? HtmlText.Decode(document) : document;
        foreach (var step in chain.Steps)
        {
            value = value is null ? null : step.Apply(value);
        }

        return value;
    }
}
