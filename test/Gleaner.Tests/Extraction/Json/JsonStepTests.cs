using Gleaner.Extraction;
using Gleaner.Extraction.Json;

namespace Gleaner.Tests.Extraction.Json;

public class JsonStepTests
{
    private const string Weather = """
        {"city": "Z\u00fcrich \"Nord\"", "temp": 22.800000000000001, "delta": -9, "big": 1E+400,
         "rain": false, "sun": true, "wind": null, "tags": ["a", {"b": 1.0}], "obj": {"x": "<&>"}}
        """;

    [Theory]
    [InlineData("$.temp", "22.800000000000001")]
    [InlineData("$.delta", "-9")]
    [InlineData("$.big", "1E+400")]
    [InlineData("$.city", "Zürich \"Nord\"")]
    [InlineData("$.rain", "false")]
    [InlineData("$.sun", "true")]
    [InlineData("$.tags", """["a",{"b":1.0}]""")]
    [InlineData("$.obj", """{"x":"<&>"}""")]
    [InlineData("$.tags[*]", "a")]
    [InlineData("$..b", "1.0")]
    public void JsonPathStep_Apply_RendersFirstNode(string expression, string expected)
    {
        Assert.Equal(expected, new JsonPathStep(expression).Apply(Weather));
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.wind")]
    [InlineData("$.tags[5]")]
    public void JsonPathStep_NoNodeOrJsonNull_ReturnsNull(string expression)
    {
        Assert.Null(new JsonPathStep(expression).Apply(Weather));
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>not json</html>")]
    [InlineData("{\"a\": 1")]
    [InlineData("{\"a\": 1} trailing")]
    public void JsonPathStep_InvalidJson_ReturnsNull(string input)
    {
        Assert.Null(new JsonPathStep("$.a").Apply(input));
    }

    [Fact]
    public void JsonPathStep_NestingBeyond64_ThrowsTooDeep()
    {
        var deep = new string('[', 65) + new string(']', 65);
        var shallow = new string('[', 64) + "1" + new string(']', 64);

        var e = Assert.Throws<DocumentLimitException>(() => new JsonPathStep("$").Apply(deep));
        Assert.Equal(Outcome.TooDeep, e.Outcome);
        Assert.Equal("1", new JsonPathStep("$..*[?@ == 1]").Apply(shallow));
    }

    [Theory]
    [InlineData("[1,]")]
    [InlineData("[[[[[[[[ x")]
    [InlineData("{\"a\": 1, \"a\": 2}")]
    public void JsonPathStep_NotJsonWithinTheDepth_ReturnsNull(string input)
    {
        Assert.Null(new JsonPathStep("$").Apply(input));
    }

    [Fact]
    public void JsonPathStep_NotJsonBeforeItNestsTooDeep_ReturnsNull()
    {
        Assert.Null(new JsonPathStep("$").Apply("[1,]" + new string('[', 100)));
        Assert.Null(new JsonPathStep("$").Apply("[x" + new string('[', 100)));
    }

    [Fact]
    public void JsonPathStep_InvalidExpression_ThrowsRuleExceptionAtLoad()
    {
        var error = Assert.Throws<RuleException>(() => new JsonPathStep("$.a[?@.b == @..c]"));

        Assert.Equal("jsonpath", error.Kind);
        Assert.Equal(12, error.Position);
    }

    [Fact]
    public void JsonPathStep_DescribesItself()
    {
        var step = new JsonPathStep("$.temp");

        Assert.Equal("jsonpath", step.Kind);
        Assert.Equal("$.temp", step.Expression);
    }

    [Theory]
    [InlineData("/temp", "22.800000000000001")]
    [InlineData("/city", "Zürich \"Nord\"")]
    [InlineData("/tags/1", """{"b":1.0}""")]
    [InlineData("/tags/0", "a")]
    public void JsonPointerStep_Apply_RendersValue(string pointer, string expected)
    {
        Assert.Equal(expected, new JsonPointerStep(pointer).Apply(Weather));
    }

    [Theory]
    [InlineData("/wind")]
    [InlineData("/tags/-")]
    [InlineData("/nope")]
    public void JsonPointerStep_NoValueOrJsonNull_ReturnsNull(string pointer)
    {
        Assert.Null(new JsonPointerStep(pointer).Apply(Weather));
    }

    [Fact]
    public void JsonPointerStep_InvalidJson_ReturnsNull()
    {
        Assert.Null(new JsonPointerStep("/a").Apply("{'a': 1}"));
    }

    [Fact]
    public void JsonPointerStep_DescribesItself()
    {
        var step = new JsonPointerStep("/a~1b");

        Assert.Equal("jsonpointer", step.Kind);
        Assert.Equal("/a~1b", step.Expression);
    }

    [Fact]
    public void Apply_DuplicateMemberNames_IsNoMatch()
    {
        const string duplicated = """{"a": 1, "a": 2}""";

        Assert.Null(new JsonPathStep("$.a").Apply(duplicated));
        Assert.Null(new JsonPointerStep("/a").Apply(duplicated));
    }
}
