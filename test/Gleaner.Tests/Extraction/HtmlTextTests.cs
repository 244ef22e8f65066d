using Gleaner.Extraction;

namespace Gleaner.Tests.Extraction;

public class HtmlTextTests
{
    [Theory]
    [InlineData("66.9&deg;F", "66.9°F")]
    [InlineData("&#8722;5&#xB0;C", "\u22125°C")]
    [InlineData("<p class=\"a&amp;b\">x</p>", "<p class=\"a&b\">x</p>")]
    [InlineData("no references", "no references")]
    [InlineData("<a href=\"?lat=45&lon=-122\">x</a> 45&deg;F", "<a href=\"?lat=45&lon=-122\">x</a> 45°F")]
    [InlineData("salt & pepper; 51&deg;F", "salt & pepper; 51°F")]
    [InlineData("&unknown; &; &#; 7&deg;", "&unknown; &; &#; 7°")]
    [InlineData("&&deg;&", "&°&")]
    [InlineData("&#x1F600;&lt;&#65536;x", "\U0001F600<\U00010000x")]
    [InlineData("&amp;deg; &amp;amp;", "&deg; &amp;")]
    public void Decode_CharacterReferences_AreDecodedAndMarkupKept(string html, string expected)
    {
        Assert.Equal(expected, HtmlText.Decode(html));
        var text = html.ToCharArray();
        Assert.Equal(expected, new string(text, 0, HtmlText.DecodeInPlace(text)));
    }

    [Fact]
    public void CollapseWhitespace_RunsAndNoBreakSpaces_BecomeOneSpace()
    {
        Assert.Equal("45 °F now", HtmlText.CollapseWhitespace("\n  45\u00A0°F \t\r\n now  "));
    }
}
