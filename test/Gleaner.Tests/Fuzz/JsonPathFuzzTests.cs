using System.Text.Json.Nodes;
using Gleaner.Extraction;
using Gleaner.Extraction.Json;

namespace Gleaner.Tests.Fuzz;

/// <summary>
/// JSONPath queries, generated from RFC 9535's grammar and mutated from the compliance suite: a query that runs,
/// or a <see cref="RuleException"/> of kind jsonpath at a position inside the query.
/// </summary>
public class JsonPathFuzzTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""
        {"a": [1, 2.5, "x", null, true, {"b": [], "c": {"d": -0}}], "\u00e9": {"": 1e300}, "n": [[[[0]]]]}
        """)!;

    [Fact]
    public void Parse_GeneratedAndMutatedQueries_GiveAQueryOrAPositionedError() =>
        FuzzAssert.Holds(
            "JSONPath",
            casesInCi: 3000,
            FuzzInputs.Mixed(JsonPathGenerator.Query, FuzzCorpus.JsonPaths.Value, JsonPathGenerator.Tokens, noiseLength: 60),
            Parse);

    private static Verdict Parse(string expression)
    {
        JsonPathQuery query;
        try
        {
            query = JsonPathQuery.Parse(expression);
        }
        catch (RuleException e)
        {
            return e.Kind == "jsonpath" && e.Expression == expression && e.Position >= 0 && e.Position <= expression.Length
                ? Verdict.Refuse
                : Verdict.Break("error outside the query", $"{e.Kind} at {e.Position} of {expression.Length}");
        }

        // A query that parses also runs: selection is where a wrongly typed parse would show.
        _ = query.Select(Document);
        return Verdict.Accept;
    }
}
