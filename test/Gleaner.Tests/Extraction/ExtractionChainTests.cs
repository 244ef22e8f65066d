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

    private sealed class CountingStep : IExtractionStep
    {
        public int Calls { get; private set; }

        public string Kind => "count";

        public string Expression => "";

        public string? Apply(string input)
        {
            Calls++;
            return input;
        }
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
    public void PrepareThenApplyPrepared_SameValueAsApply(string kind, string document)
    {
        var first = kind switch
        {
            "css" => (IExtractionStep)new CssStep("p"),
            "xpath" => new XPathStep("//p"),
            _ => new RegexStep(@"(-?\d+(?:\.\d+)?)\s*(?:&deg;|°)F"),
        };
        var chain = first is RegexStep ? ExtractionChain.Of(first) : ExtractionChain.Of(first, new RegexStep(@"(-?\d+(?:\.\d+)?)"));

        Assert.Equal(chain.Apply(document), chain.ApplyPrepared(chain.Prepare(document.ToCharArray())));
        Assert.NotNull(chain.Apply(document));
    }
}
