using Gleaner.Extraction;

namespace Gleaner.Tests.Extraction;

public class XPathStepTests
{
    private const string Rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:yweather="http://xml.weather.yahoo.com/ns/rss/1.0">
          <channel><item>
            <yweather:condition text="Fair" code="34" temp="6"/>
            <title> Conditions </title>
          </item></channel>
        </rss>
        """;

    [Fact]
    public void Apply_ElementPath_ReturnsTrimmedStringValue()
    {
        Assert.Equal("Conditions", new XPathStep("//item/title").Apply(Rss));
    }

    [Fact]
    public void Apply_PrefixDeclaredInDocument_ResolvesAttribute()
    {
        Assert.Equal("6", new XPathStep("//yweather:condition/@temp").Apply(Rss));
    }

    [Fact]
    public void Apply_PrefixNotInDocument_ReturnsNull()
    {
        Assert.Null(new XPathStep("//other:condition/@temp").Apply(Rss));
    }

    [Theory]
    [InlineData("string(//yweather:condition/@text)", "Fair")]
    [InlineData("number(//yweather:condition/@code) + 1", "35")]
    [InlineData("count(//item/*)", "2")]
    [InlineData("count(//item/*) = 2", "true")]
    public void Apply_ScalarExpression_ReturnsInvariantText(string xpath, string expected)
    {
        Assert.Equal(expected, new XPathStep(xpath).Apply(Rss));
    }

    [Fact]
    public void Apply_EmptyNodeSet_ReturnsNull()
    {
        Assert.Null(new XPathStep("/rss/missing").Apply(Rss));
    }

    [Fact]
    public void Apply_NumberOfNothing_ReturnsNull()
    {
        Assert.Null(new XPathStep("number(/rss/missing)").Apply(Rss));
    }

    [Fact]
    public void Apply_XmlWithLeadingWhitespaceAndBom_IsReadAsXml()
    {
        Assert.Equal("6", new XPathStep("//yweather:condition/@temp").Apply("\uFEFF \n" + Rss));
    }

    [Fact]
    public void Apply_HtmlPage_IsReadByHtmlParserWithEntitiesDecoded()
    {
        const string html = "<!DOCTYPE html><html><body><p class=t title='a&amp;b'>45&deg;F<br></p></body></html>";

        Assert.Equal("45°F", new XPathStep("//p[@class='t']").Apply(html));
        Assert.Equal("a&b", new XPathStep("//p/@title").Apply(html));
    }

    [Fact]
    public void Apply_XmlThatDoesNotParse_FallsBackToHtml()
    {
        Assert.Equal("3", new XPathStep("//b").Apply("<a><b>3</b><c></a>"));
    }

    [Fact]
    public void Apply_ExternalEntity_IsNeitherResolvedNorExpanded()
    {
        const string xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE r [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
            <r><v>&x;</v></r>
            """;

        var value = new XPathStep("/r/v").Apply(xxe);

        Assert.DoesNotContain("root:", value ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_EntityExpansionBomb_DoesNotExpand()
    {
        const string bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE r [ <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"> ]>
            <r><v>&c;</v></r>
            """;

        var value = new XPathStep("/r/v").Apply(bomb);

        Assert.True(value is null || value.Length < 100, $"expanded to {value?.Length} characters");
    }

    [Theory]
    [InlineData("//a[")]
    [InlineData("///")]
    [InlineData("nosuchfunction(1)")]
    [InlineData("$variable")]
    public void Ctor_InvalidExpression_ThrowsRuleException(string xpath)
    {
        var e = Assert.Throws<RuleException>(() => new XPathStep(xpath));

        Assert.Equal("xpath", e.Kind);
        Assert.Equal(xpath, e.Expression);
    }
}
