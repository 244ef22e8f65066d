using System.Text.Json.Nodes;
using Gleaner.Extraction;
using Gleaner.Extraction.Json;

namespace Gleaner.Tests.Extraction.Json;

public class JsonPathQueryTests
{
    private static string Run(string query, string document) =>
        new JsonArray([.. JsonPathQuery.Parse(query).Select(JsonNode.Parse(document)).Select(n => n?.DeepClone())]).ToJsonString();

    [Theory]
    [InlineData("$[?@ == 1]", "[1,1.0,10e-1,0.1e1,2]", "[1,1.0,10e-1,0.1e1]")]
    [InlineData("$[?@ == 22.8]", "[22.8,22.800000000000001,22.80]", "[22.8,22.80]")]
    [InlineData("$[?@ == 0]", "[0,-0,0.0,0e5,1]", "[0,-0,0.0,0e5]")]
    [InlineData("$[?@ < 1e400]", "[1e399,1e400,1e401]", "[1e399]")]
    [InlineData("$[?@ > -1]", "[-2,-1,-0.5,0]", "[-0.5,0]")]
    public void Select_NumberComparison_ComparesExactValues(string query, string document, string expected)
    {
        Assert.Equal(expected, Run(query, document));
    }

    [Fact]
    public void Select_DeepEquality_ComparesNumbersByValueAndIgnoresMemberOrder()
    {
        const string document = """{"x": {"a": [1, {"b": 2}], "c": null}, "items": [{"c": null, "a": [1.0, {"b": 2e0}]}, {"a": [1]}]}""";

        Assert.Equal("""[{"c":null,"a":[1.0,{"b":2e0}]}]""", Run("$.items[?@ == $.x]", document));
    }

    [Fact]
    public void Select_StringOrdering_UsesScalarValuesNotUtf16Units()
    {
        // U+FFFF is one code unit above the surrogates, but U+10000 is the larger scalar value.
        var document = new JsonArray("\uFFFF", "\U00010000");

        var selected = JsonPathQuery.Parse("$[?@ > '\uFFFF']").Select(document);

        Assert.Equal("\U00010000", Assert.Single(selected)!.GetValue<string>());
    }

    [Fact]
    public void Select_LengthOfString_CountsScalarValues()
    {
        var document = new JsonArray("a\U0001D11Eb", "abcd");

        var selected = JsonPathQuery.Parse("$[?length(@) == 3]").Select(document);

        Assert.Equal("a\U0001D11Eb", Assert.Single(selected)!.GetValue<string>());
    }

    [Theory]
    [InlineData("[\U0001F600a]", "\U0001F600", true)]
    [InlineData("[^a]", "\U0001F600", true)]
    [InlineData("\\p{Lu}", "\U0001D400", true)]
    [InlineData("\\P{Lu}", "\U0001D400", false)]
    [InlineData("[\U0001F600-\U0001F64F]", "\U0001F610", true)]
    [InlineData("[\U0001F600-\U0001F64F]", "\U0001F650", false)]
    [InlineData("..", "\U0001F600", false)]
    [InlineData("a{2,3}", "aaa", true)]
    [InlineData("a{2,3}", "aaaa", false)]
    [InlineData("(ab|cd)+", "abcdab", true)]
    [InlineData("[a-]", "-", true)]
    [InlineData("\\.\\n", ".\n", true)]
    [InlineData(".", "\n", false)]
    [InlineData("\\d", "1", false)]
    [InlineData("a{3,2}", "aa", false)]
    [InlineData("(a", "a", false)]
    [InlineData("[]", "a", false)]
    [InlineData("\\p{Cs}", "a", false)]
    [InlineData("a**", "a", false)]
    public void Select_MatchFunction_FollowsIRegexp(string pattern, string input, bool matches)
    {
        var document = new JsonObject { ["s"] = input, ["p"] = pattern };

        var selected = JsonPathQuery.Parse("$[?match(@.s, @.p)]").Select(new JsonArray(document));

        Assert.Equal(matches ? 1 : 0, selected.Count);
    }

    [Fact]
    public void Select_SearchWithHugeRepetition_DoesNotMatchInsteadOfFailing()
    {
        var document = new JsonArray("aaaa");

        var selected = JsonPathQuery.Parse("$[?search(@, 'a{1000000000}')]").Select(document);

        Assert.Empty(selected);
    }

    [Fact]
    public void Select_DocumentPatternThatCannotBeAllocated_DoesNotMatchInsteadOfFailing()
    {
        // Found by fuzzing the regex compiler: the runtime throws OutOfMemoryException building this pattern, which
        // here comes from the document, so from the network.
        var document = JsonNode.Parse("""[{"s": "gA", "p": "[gG]{2147483647}A"}]""");

        var selected = JsonPathQuery.Parse("$[?search(@.s, @.p)]").Select(document);

        Assert.Empty(selected);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData(" $", 0)]
    [InlineData("$ ", 1)]
    [InlineData("$.a.", 4)]
    [InlineData("$[01]", 2)]
    [InlineData("$[9007199254740992]", 2)]
    [InlineData("$['a\\x']", 4)]
    [InlineData("$[?@.a == @.*]", 10)]
    [InlineData("$[?@ == {}]", 8)]
    [InlineData("$[?@[ 'a' ] == 1]", 3)]
    [InlineData("$[?!@.a == 1]", 4)]
    [InlineData("$[?length(@.a)]", 3)]
    [InlineData("$[?count(@.a) == 'x' && foo(@)]", 24)]
    [InlineData("$[?true]", 3)]
    public void Parse_InvalidQuery_ThrowsRuleExceptionAtPosition(string query, int position)
    {
        var error = Assert.Throws<RuleException>(() => JsonPathQuery.Parse(query));

        Assert.Equal("jsonpath", error.Kind);
        Assert.Equal(query, error.Expression);
        Assert.Equal(position, error.Position);
    }

    [Fact]
    public void Parse_DeeplyNestedParentheses_ThrowsRuleExceptionInsteadOfOverflowing()
    {
        var query = "$[?" + new string('(', 10_000) + "@" + new string(')', 10_000) + "]";

        var error = Assert.Throws<RuleException>(() => JsonPathQuery.Parse(query));

        Assert.Contains("nested", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_JsonNullRoot_SelectsNullForRoot()
    {
        var query = JsonPathQuery.Parse("$");

        Assert.Equal([null], query.Select(null));
        Assert.Equal("$", query.Expression);
    }
}
