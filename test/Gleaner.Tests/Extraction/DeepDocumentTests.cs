using Gleaner.Extraction;

namespace Gleaner.Tests.Extraction;

/// <summary>
/// Documents nested 100,000 deep end as a value or as too_deep, never as a stack overflow (which would end the test
/// run) or a parse that runs for minutes; documents within the limits, however they nest, still give their value.
/// </summary>
public class DeepDocumentTests
{
    private const int Deep = 100_000;
    private const string HtmlTooDeep = "the HTML nests deeper than 512 elements";
    private const string XmlTooDeep = "the XML nests deeper than 512 elements";
    private const string JsonTooDeep = "the JSON nests deeper than 64 arrays and objects";

    // <html> is level 1 and <body> level 2, so the <p> is at level divs + 3.
    private static string Divs(int divs, bool closed = true) =>
        "<!DOCTYPE html><html><body>" + Repeat("<div>", divs) + "<p class=t>42&deg;F</p>"
        + (closed ? Repeat("</div>", divs) + "</body></html>" : "");

    // The root is level 1, so <temp_f> is at level nested + 2.
    private static string Xml(int nested) =>
        "<?xml version=\"1.0\"?><r>" + Repeat("<level>", nested) + "<temp_f>42</temp_f>" + Repeat("</level>", nested) + "</r>";

    // The object holding the value is at level nested + 1.
    private static string JsonArrays(int nested) => Repeat("[", nested) + """{"value": 42}""" + Repeat("]", nested);

    private static string JsonObjects(int nested) => Repeat("""{"a":""", nested) + """{"value": 42}""" + Repeat("}", nested);

    // Every formatting element but a and nobr, which close an earlier one of their kind when they open.
    private static readonly string[] Formatting = ["b", "big", "code", "em", "font", "i", "s", "small", "strike", "strong", "tt", "u"];

    private static string Repeat(string s, int count) => string.Concat(Enumerable.Repeat(s, count));

    public static TheoryData<string, string, string, string> TooDeepCases() => new()
    {
        { "css", "p.t", Divs(Deep), HtmlTooDeep },
        { "css", "p.t", Divs(Deep, closed: false), HtmlTooDeep },
        { "xpath", "//p", Divs(Deep), HtmlTooDeep },
        { "xpath", "//p", Divs(Deep, closed: false), HtmlTooDeep },
        { "xpath", "//temp_f", Xml(Deep), XmlTooDeep },
        { "css", "temp_f", Xml(Deep), HtmlTooDeep },
        { "jsonpath", "$..value", JsonArrays(Deep), JsonTooDeep },
        { "jsonpath", "$..value", JsonObjects(Deep), JsonTooDeep },
        { "jsonpointer", "/0/0", JsonArrays(Deep), JsonTooDeep },
        { "jsonpointer", "/a/a", JsonObjects(Deep), JsonTooDeep },
    };

    [Theory]
    [MemberData(nameof(TooDeepCases))]
    public void Apply_NestedHundredThousandDeep_ThrowsTooDeep(string kind, string expression, string document, string message)
    {
        var e = Assert.Throws<DocumentLimitException>(() => ExtractionRules.Compile(kind, expression).Apply(document));

        Assert.Equal(Outcome.TooDeep, e.Outcome);
        Assert.Equal(message, e.Message);
    }

    public static TheoryData<string> RegexCases() =>
        [Divs(Deep), Divs(Deep, closed: false), Xml(Deep), JsonArrays(Deep), JsonObjects(Deep)];

    [Theory]
    [MemberData(nameof(RegexCases))]
    public void Apply_RegexOnHundredThousandDeep_ReadsTheValue(string document)
    {
        // On HTML the regex sees the text with its references decoded (42°F).
        Assert.Equal("42", ExtractionChain.Of(new RegexStep(@"(\d+)(?:°F|<|})")).Apply(document));
    }

    [Theory]
    [InlineData("css", "p.t")]
    [InlineData("xpath", "//p")]
    public void Apply_HtmlAtTheDepthLimit_ReadsTheValue(string kind, string expression)
    {
        Assert.Equal("42°F", ExtractionRules.Compile(kind, expression).Apply(Divs(509)));
    }

    [Theory]
    [InlineData("css", "p.t")]
    [InlineData("xpath", "//p")]
    public void Apply_HtmlOneLevelPastTheLimit_ThrowsTooDeep(string kind, string expression)
    {
        var e = Assert.Throws<DocumentLimitException>(() => ExtractionRules.Compile(kind, expression).Apply(Divs(510)));

        Assert.Equal(HtmlTooDeep, e.Message);
    }

    [Fact]
    public void Apply_XmlAtAndPastTheDepthLimit_ValueThenTooDeep()
    {
        Assert.Equal("42", new XPathStep("//temp_f").Apply(Xml(510)));
        Assert.Equal(XmlTooDeep, Assert.Throws<DocumentLimitException>(() => new XPathStep("//temp_f").Apply(Xml(511))).Message);
    }

    [Theory]
    [InlineData("jsonpath", "$..value")]
    [InlineData("jsonpointer", "/a/a/a/value")]
    public void Apply_JsonAtAndPastTheDepthLimit_ValueThenTooDeep(string kind, string expression)
    {
        var step = ExtractionRules.Compile(kind, expression);
        var atLimit = kind == "jsonpath" ? JsonArrays(63) : """{"a":{"a":{"a":{"value": 42}}}}""";

        Assert.Equal("42", step.Apply(atLimit));
        Assert.Equal(JsonTooDeep, Assert.Throws<DocumentLimitException>(() => step.Apply(JsonObjects(64))).Message);
    }

    // Elements whose end tag may be left out close each other; pages written that way are as shallow as they look.
    public static TheoryData<string, string> UnclosedButShallow() => new()
    {
        { "<ul>" + Repeat("<li>item", 5000) + "<li id=t>42</ul>", "li#t" },
        { Repeat("<p>para", 5000) + "<p id=t>42", "p#t" },
        { "<table>" + Repeat("<tr><td>a<td>b", 5000) + "<tr><td id=t>42</table>", "td#t" },
        { "<select>" + Repeat("<option>o", 5000) + "<option id=t>42</select>", "option#t" },
        { "<dl>" + Repeat("<dt>t<dd>d", 5000) + "<dd id=t>42</dl>", "dd#t" },
        { Repeat("<div><span>x</div>", 5000) + "<b id=t>42</b>", "b#t" },
        { Repeat("<br><img src=x><input>", 5000) + "<b id=t>42</b>", "b#t" },
        { Repeat("<script>if (a<b) { document.write('<div>') }</script><style>div>p{}</style><!-- <div> -->", 5000) + "<b id=t>42</b>", "b#t" },
    };

    [Theory]
    [MemberData(nameof(UnclosedButShallow))]
    public void Apply_OptionalEndTagsVoidAndRawText_ReadsTheValue(string body, string selector)
    {
        var page = "<!DOCTYPE html><html><body>" + body;

        Assert.Equal("42", new CssStep(selector).Apply(page));
        Assert.Equal("42", new XPathStep($"//*[@id='t']").Apply(page));
    }

    [Fact]
    public void CssApply_MisnestedFormatting_IsMeasuredOnTheTreeTheParserBuilds()
    {
        // The adoption agency closes each <b> but keeps its <div> open: no start tag is left unclosed in the markup,
        // yet the tree nests one <div> deeper per repetition.
        static string Misnested(int count) => "<!DOCTYPE html><html><body>" + Repeat("<b><div></b>", count) + "<p id=t>42</p>";

        Assert.Equal("42", new CssStep("#t").Apply(Misnested(500)));
        Assert.Equal(HtmlTooDeep, Assert.Throws<DocumentLimitException>(() => new CssStep("#t").Apply(Misnested(600))).Message);
    }

    [Fact]
    public void CssApply_FormattingReopenedAfterEveryBlock_ThrowsTooLarge()
    {
        // 36 formatting elements stay active after their <div> closes, so the parser re-opens all 36 in every later
        // block: 12 characters of markup become 37 elements, without bound. The parse stops at its budget, 16 MiB and
        // 256 bytes per character of page, long before the 30,000 blocks would have built a gigabyte.
        var active = string.Concat(Formatting.Select(f => Repeat($"<{f}>", 3)));
        var page = "<!DOCTYPE html><html><body><div>" + active + "</div>" + Repeat("<div>x</div>", 30_000);

        var e = Assert.Throws<DocumentLimitException>(() => new CssStep("#t").Apply(page));

        Assert.Equal(Outcome.TooLarge, e.Outcome);
        Assert.Equal("parsing the page (360218 characters) as HTML takes more than 103 MiB", e.Message);
    }

    [Fact]
    public void ApplyPrepared_TokenAlreadyCancelled_StopsBeforeTheFirstStep()
    {
        var chain = ExtractionChain.Of(new XPathStep("//p"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => chain.ApplyPrepared("<p>1</p>", cancelled.Token));
    }

    [Fact]
    public void ApplyPrepared_TokenFiresDuringAStep_StopsBeforeTheNext()
    {
        using var deadline = new CancellationTokenSource();
        var next = new CountingStep();
        var chain = ExtractionChain.Of(new CssStep("p"), new Cancels(deadline), next);

        Assert.Throws<OperationCanceledException>(() => chain.ApplyPrepared("<p>1</p>", deadline.Token));
        Assert.Equal(0, next.Calls);
    }

    [Fact]
    public void CssApply_TokenCancelled_TheParserStops()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        ICancellableStep css = new CssStep("p");

        Assert.Throws<OperationCanceledException>(() => css.Apply("<p>1</p>", cancelled.Token));
    }

    // Fires the token, as a deadline passing while the step ran would, and lets the value through.
    private sealed class Cancels(CancellationTokenSource source) : IExtractionStep
    {
        public string Kind => "test";

        public string Expression => "cancels";

        public string? Apply(string input)
        {
            source.Cancel();
            return input;
        }
    }
}
