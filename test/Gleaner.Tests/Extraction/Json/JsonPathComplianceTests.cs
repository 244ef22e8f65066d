using System.Text.Json.Nodes;
using Gleaner.Extraction;
using Gleaner.Extraction.Json;

namespace Gleaner.Tests.Extraction.Json;

/// <summary>The RFC 9535 compliance test suite (shared/fixtures/jsonpath-cts/cts.json), one row per case.</summary>
public class JsonPathComplianceTests
{
    private static readonly Lazy<Dictionary<string, JsonObject>> Cases = new(LoadCases);

    public static TheoryData<string> CaseNames => new(Cases.Value.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Select_ComplianceCase_MatchesExpected(string name)
    {
        var testCase = Cases.Value[name];
        var selector = testCase["selector"]!.GetValue<string>();

        if (testCase["invalid_selector"]?.GetValue<bool>() == true)
        {
            var error = Assert.Throws<RuleException>(() => JsonPathQuery.Parse(selector));
            Assert.Equal("jsonpath", error.Kind);
            Assert.InRange(error.Position, 0, selector.Length);
            return;
        }

        var document = testCase["document"]?.DeepClone();
        var actual = new JsonArray([.. JsonPathQuery.Parse(selector).Select(document).Select(n => n?.DeepClone())]);

        if (testCase["result"] is JsonArray expected)
        {
            Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()} but got {actual.ToJsonString()}");
            return;
        }

        var alternatives = testCase["results"]!.AsArray();
        Assert.True(
            alternatives.Any(alternative => JsonNode.DeepEquals(alternative, actual)),
            $"expected one of {alternatives.ToJsonString()} but got {actual.ToJsonString()}");
    }

    [Fact]
    public void ComplianceSuite_HasAllCases()
    {
        Assert.Equal(703, Cases.Value.Count);
    }

    private static Dictionary<string, JsonObject> LoadCases()
    {
        var suite = JsonNode.Parse(File.ReadAllText(Fixtures.Path("jsonpath-cts", "cts.json")))!;
        return suite["tests"]!.AsArray().Select(t => t!.AsObject()).ToDictionary(t => t["name"]!.GetValue<string>());
    }
}
