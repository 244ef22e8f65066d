using System.Text.Json.Nodes;
using Gleaner.Extraction;
using Gleaner.Extraction.Json;

namespace Gleaner.Tests.Extraction.Json;

public class JsonPointerTests
{
    // The example document of RFC 6901 section 5.
    private const string Rfc6901Document = """
        {
          "foo": ["bar", "baz"],
          "": 0,
          "a/b": 1,
          "c%d": 2,
          "e^f": 3,
          "g|h": 4,
          "i\\j": 5,
          "k\"l": 6,
          " ": 7,
          "m~n": 8
        }
        """;

    public static TheoryData<string, string> Rfc6901Examples => new()
    {
        { "", Rfc6901Document },
        { "/foo", """["bar","baz"]""" },
        { "/foo/0", "\"bar\"" },
        { "/", "0" },
        { "/a~1b", "1" },
        { "/c%d", "2" },
        { "/e^f", "3" },
        { "/g|h", "4" },
        { "/i\\j", "5" },
        { "/k\"l", "6" },
        { "/ ", "7" },
        { "/m~0n", "8" },
    };

    [Theory]
    [MemberData(nameof(Rfc6901Examples))]
    public void TryResolve_Rfc6901Example_FindsValue(string pointer, string expectedJson)
    {
        var document = JsonNode.Parse(Rfc6901Document);

        Assert.True(JsonPointer.Parse(pointer).TryResolve(document, out var value));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedJson), value));
    }

    [Theory]
    [InlineData("/missing")]
    [InlineData("/foo/2")]
    [InlineData("/foo/-")]
    [InlineData("/foo/01")]
    [InlineData("/foo/-1")]
    [InlineData("/foo/+1")]
    [InlineData("/foo/1.0")]
    [InlineData("/foo/99999999999999999999")]
    [InlineData("/foo/0/x")]
    [InlineData("/a/b")]
    public void TryResolve_NoSuchValue_ReturnsFalse(string pointer)
    {
        var document = JsonNode.Parse(Rfc6901Document);

        Assert.False(JsonPointer.Parse(pointer).TryResolve(document, out var value));
        Assert.Null(value);
    }

    [Fact]
    public void TryResolve_JsonNullValue_ReturnsTrueAndNull()
    {
        Assert.True(JsonPointer.Parse("/a").TryResolve(JsonNode.Parse("""{"a":null}"""), out var value));
        Assert.Null(value);
    }

    [Fact]
    public void TryResolve_TildeEscapesInOrder_DecodesTildeOneAsTildeThenOne()
    {
        // "~01" is "~1" (not "/"): ~0 is decoded to "~" and the "1" after it stays a character.
        var document = JsonNode.Parse("""{"~1": "tilde-one", "/": "slash"}""");

        Assert.True(JsonPointer.Parse("/~01").TryResolve(document, out var value));
        Assert.Equal("tilde-one", value!.GetValue<string>());
    }

    [Theory]
    [InlineData("foo", 0)]
    [InlineData("#/foo", 0)]
    [InlineData("/foo~", 4)]
    [InlineData("/foo~2", 4)]
    [InlineData("/a/~x/b", 3)]
    public void Parse_InvalidPointer_ThrowsRuleExceptionWithPosition(string pointer, int position)
    {
        var error = Assert.Throws<RuleException>(() => JsonPointer.Parse(pointer));

        Assert.Equal("jsonpointer", error.Kind);
        Assert.Equal(pointer, error.Expression);
        Assert.Equal(position, error.Position);
    }
}
