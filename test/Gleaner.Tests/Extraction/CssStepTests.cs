using Gleaner.Extraction;

namespace Gleaner.Tests.Extraction;

public class CssStepTests
{
    private const string Page = """
        <!DOCTYPE html><html><head><title>t</title></head><body>
        <div class="day"><p class="temp">High: 52&deg;F</p></div>
        <div id="current"><p class="temp">
            45&deg;F&nbsp;and
            <b>falling</b>
        </p></div>
        </body></html>
        """;

    [Fact]
    public void Apply_Selector_ReturnsCollapsedDecodedTextOfFirstMatch()
    {
        Assert.Equal("45°F and falling", new CssStep("#current p.temp").Apply(Page));
    }

    [Fact]
    public void Apply_SeveralMatches_ReturnsFirstInDocumentOrder()
    {
        Assert.Equal("High: 52°F", new CssStep("p.temp").Apply(Page));
    }

    [Fact]
    public void Apply_NoMatch_ReturnsNull()
    {
        Assert.Null(new CssStep("#nowhere").Apply(Page));
    }

    [Fact]
    public void Apply_Fragment_IsParsedAsDocument()
    {
        Assert.Equal("7", new CssStep("span").Apply("<span> 7 </span>"));
    }

    [Fact]
    public void Apply_Script_IsNotRun()
    {
        const string html = "<p id=t>1</p><script>document.getElementById('t').textContent = '2'</script>";

        Assert.Equal("1", new CssStep("#t").Apply(html));
    }

    [Theory]
    [InlineData("p[")]
    [InlineData("##a")]
    [InlineData("a >")]
    [InlineData(":no-such-pseudo")]
    [InlineData("  ")]
    public void Ctor_InvalidSelector_ThrowsRuleException(string selector)
    {
        var e = Assert.Throws<RuleException>(() => new CssStep(selector));

        Assert.Equal("css", e.Kind);
        Assert.Equal(0, e.Position);
    }
}
