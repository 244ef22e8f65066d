using System.Text.Json.Nodes;
using Gleaner.Politeness.Robots;

namespace Gleaner.Tests.Politeness.Robots;

/// <summary>
/// The robots_test.cc assertions that are not allow/disallow (google_robots_test_other.jsonl, 45 rows), each mapped
/// to the part of our API that does the same job:
/// <list type="bullet">
/// <item>valid_user_agent_to_obey → <see cref="RobotsTxt.IsValidProductToken"/>;</item>
/// <item>parse_stats (line ends, byte order marks) → the parser's internal counts of known and unknown lines and
/// the last line with a key, the same facts Google's test handler counts;</item>
/// <item>sitemap → <see cref="RobotsTxt.Sitemaps"/>;</item>
/// <item>path_params_query → the test harness's URL-to-path reduction, and for absolute URLs also .NET's
/// <see cref="Uri.PathAndQuery"/>, which is what the engine passes to <see cref="RobotsTxt.IsAllowed"/>;</item>
/// <item>escape_pattern → the internal pattern normalisation, and through <see cref="RobotsTxt.IsAllowed"/>.</item>
/// </list>
/// None is dropped.
/// </summary>
public class GoogleRobotsOtherTests
{
    public static TheoryData<string> Rows => new(GoogleRobotsFixture.Other.Keys);

    [Fact]
    public void Fixture_HasEveryRow()
    {
        Assert.Equal(45, GoogleRobotsFixture.Other.Count);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void OtherAssertion_MatchesGoogle(string row)
    {
        var fixture = GoogleRobotsFixture.Other[row];
        switch (GoogleRobotsFixture.Text(fixture, "kind"))
        {
            case "valid_user_agent_to_obey":
                Assert.Equal(
                    fixture["expected_valid"]!.GetValue<bool>(),
                    RobotsTxt.IsValidProductToken(GoogleRobotsFixture.Text(fixture, "user_agent")));
                break;
            case "parse_stats":
                AssertParseStats(fixture);
                break;
            case "sitemap":
                var expected = fixture["expected_sitemaps"]!.AsArray().Select(s => s!.GetValue<string>());
                Assert.Equal(expected, RobotsTxt.Parse(GoogleRobotsFixture.RobotsBytes(fixture)).Sitemaps);
                break;
            case "path_params_query":
                AssertPath(fixture);
                break;
            case "escape_pattern":
                AssertEscape(fixture);
                break;
            default:
                Assert.Fail($"unmapped kind in {row}");
                break;
        }
    }

    private static void AssertParseStats(JsonObject fixture)
    {
        var stats = RobotsTxt.Parse(GoogleRobotsFixture.RobotsBytes(fixture)).Stats;
        Assert.Equal(fixture["expected_valid_directives"]!.GetValue<int>(), stats.KnownDirectives);
        if (fixture["expected_last_directive_line"] is JsonValue lastLine)
        {
            Assert.Equal(lastLine.GetValue<int>(), stats.LastDirectiveLine);
        }

        if (fixture["expected_unknown_directives"] is JsonValue unknown)
        {
            Assert.Equal(unknown.GetValue<int>(), stats.UnknownDirectives);
        }
    }

    private static void AssertPath(JsonObject fixture)
    {
        var url = GoogleRobotsFixture.Text(fixture, "url");
        var expected = GoogleRobotsFixture.Text(fixture, "expected_path");
        Assert.Equal(expected, GoogleUrlPath.PathParamsQuery(url));
        if (url.StartsWith("http://", StringComparison.Ordinal))
        {
            Assert.Equal(expected, new Uri(url).PathAndQuery);
        }
    }

    private static void AssertEscape(JsonObject fixture)
    {
        var pattern = GoogleRobotsFixture.Text(fixture, "pattern");
        var expected = GoogleRobotsFixture.Text(fixture, "expected");
        Assert.Equal(expected, RobotsPattern.Normalise(System.Text.Encoding.UTF8.GetBytes(pattern)));

        // The same through the public API: a rule written either way disallows the escaped path.
        var robots = RobotsTxt.Parse(System.Text.Encoding.UTF8.GetBytes($"User-agent: *\nDisallow: /{pattern}$\n"));
        Assert.False(robots.IsAllowed("Gleaner", "/" + expected));
    }
}
