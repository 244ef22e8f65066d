using System.Text.Json.Nodes;
using Gleaner.Politeness.Robots;

namespace Gleaner.Tests.Politeness.Robots;

/// <summary>
/// Every allow/disallow row of Google's robots.txt tests (robots_test.cc, 145 rows) and of Google's
/// specification test data (robotstxt-spec-test CTC, 400 rows), one theory row each. Each row expects what
/// Google's parser answers, except the rows in <see cref="RfcDeviations"/>, which RFC 9309 decides the other way
/// and are asserted the RFC way: two Google-specific rows, and four rows (not marked Google-specific in the
/// spec-test data) that ask whether <c>/robots.txt</c> itself may be fetched under <c>Disallow: /</c>.
/// </summary>
public class GoogleRobotsConformanceTests
{
    private const string IndexHtml =
        "Google-specific: 'Allow: /dir/index.html' also allows '/dir/'; RFC 9309 matches the pattern only, so '/dir/' stays disallowed";

    private const string RobotsTxtItself =
        "RFC 9309 section 2.2.2: '/robots.txt' is implicitly allowed; Google's matcher applies 'Disallow: /' to it";

    /// <summary>Rows asserted the RFC 9309 way, each with the reason.</summary>
    internal static readonly IReadOnlyDictionary<string, string> RfcDeviations = new Dictionary<string, string>
    {
        ["GoogleOnly_IndexHTMLisDirectory[78]"] = IndexHtml,
        ["correctness/index-page.textproto#0[37]"] = IndexHtml,
        ["stress/327748.textproto#0[193]"] = RobotsTxtItself,
        ["stress/369883.textproto#0[199]"] = RobotsTxtItself,
        ["stress/369883.textproto#0[203]"] = RobotsTxtItself,
        ["stress/860237.textproto#0[344]"] = RobotsTxtItself,
    };

    public static TheoryData<string> AllowedRows => new(GoogleRobotsFixture.Allowed.Keys);

    public static TheoryData<string> SpecTestRows => new(GoogleRobotsFixture.SpecTest.Keys);

    [Theory]
    [MemberData(nameof(AllowedRows))]
    public void IsAllowed_RobotsTestCc_MatchesGoogle(string row) => AssertRow(row, GoogleRobotsFixture.Allowed[row]);

    [Theory]
    [MemberData(nameof(SpecTestRows))]
    public void IsAllowed_SpecTestCtc_MatchesGoogle(string row) => AssertRow(row, GoogleRobotsFixture.SpecTest[row]);

    [Fact]
    public void Fixtures_HaveEveryRow()
    {
        Assert.Equal(145, GoogleRobotsFixture.Allowed.Count);
        Assert.Equal(400, GoogleRobotsFixture.SpecTest.Count);
    }

    [Fact]
    public void RfcDeviations_AreExactlyTheRowsTheRfcDecidesOtherwise()
    {
        var rows = GoogleRobotsFixture.Allowed.Concat(GoogleRobotsFixture.SpecTest).ToDictionary();
        var robotsTxtDisallowed = rows
            .Where(row => !row.Value["expected_allowed"]!.GetValue<bool>()
                && GoogleUrlPath.PathParamsQuery(GoogleRobotsFixture.Text(row.Value, "url")) == "/robots.txt")
            .Select(row => row.Key);
        Assert.Equal(
            robotsTxtDisallowed.Order(),
            RfcDeviations.Where(deviation => deviation.Value == RobotsTxtItself).Select(deviation => deviation.Key).Order());
        Assert.All(
            RfcDeviations.Where(deviation => deviation.Value == IndexHtml),
            deviation => Assert.True(GoogleRobotsFixture.Flag(rows[deviation.Key], "google_specific"), deviation.Key));
    }

    private static void AssertRow(string row, JsonObject fixture)
    {
        var robots = RobotsTxt.Parse(GoogleRobotsFixture.RobotsBytes(fixture));
        var userAgent = GoogleRobotsFixture.Text(fixture, "user_agent");
        var path = GoogleUrlPath.PathParamsQuery(GoogleRobotsFixture.Text(fixture, "url"));
        var expected = fixture["expected_allowed"]!.GetValue<bool>();
        if (RfcDeviations.ContainsKey(row))
        {
            expected = !expected;
        }

        Assert.Equal(expected, robots.IsAllowed(userAgent, path));
    }
}
