using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using static Gleaner.Tests.Dashboard.DashboardHarness;

namespace Gleaner.Tests.Dashboard;

/// <summary><c>GET /api/targets</c> over <see cref="OverviewStore"/>: every name, value, unit and time exactly.</summary>
public sealed class TargetsApiTests : IAsyncLifetime
{
    private DashboardHarness _dashboard = null!;

    public async ValueTask InitializeAsync() => _dashboard = await StartAsync(OverviewStore.FillAsync);

    public ValueTask DisposeAsync() => _dashboard.DisposeAsync();

    // nyc's last 60 of 62 samples (n = 2..61), oldest first; the failed one is null.
    private static string NycRecent => string.Join(", ",
        Enumerable.Range(2, 60).Select(n => n == OverviewStore.NycFailure ? "null" : OverviewStore.NycValue(n)));

    private static string Markup => JsonValue.Create(OverviewStore.Markup).ToJsonString();

    private static string MarkupItem => $$"""
        {
          "name": {{Markup}}, "url": "https://markup.example/x", "host": "markup.example",
          "value": "12", "number": 12, "unit": "F", "outcome": "dns",
          "at": "2026-12-04T10:00:40.005Z", "changed_at": "2026-12-04T10:00:00.045Z", "failures_in_a_row": 3, "error": null,
          "recent": [12, null, null, null]
        }
        """;

    private const string HarborItem = """
        {
          "name": "boston/harbor", "url": "https://harbor.example/now", "host": "harbor.example",
          "value": "calm", "number": null, "unit": null, "outcome": "ok",
          "at": "2026-12-04T10:00:10.045Z", "changed_at": "2026-12-04T10:00:00.045Z", "failures_in_a_row": 0, "error": null,
          "recent": [null, null]
        }
        """;

    private const string ChiItem = """
        {
          "name": "chi", "url": "https://forecast.weather.gov/MapClick.php?lat=41.8781&lon=-87.6298", "host": "forecast.weather.gov",
          "value": "40.5", "number": 40.5, "unit": "F", "outcome": "http_status",
          "at": "2026-12-04T10:00:20.005Z", "changed_at": "2026-12-04T10:00:00.045Z", "failures_in_a_row": 1, "error": null,
          "recent": [40.5, null]
        }
        """;

    private static string NycItem => $$"""
        {
          "name": "nyc", "url": "{{OverviewStore.NycUrl}}", "host": "forecast.weather.gov",
          "value": "121.5", "number": 121.5, "unit": "F", "outcome": "ok",
          "at": "2026-12-04T10:10:10.045Z", "changed_at": "2026-12-04T10:10:10.045Z", "failures_in_a_row": 0, "error": null,
          "recent": [{{NycRecent}}]
        }
        """;

    private const string PdxItem = """
        {
          "name": "pdx", "url": "https://forecast.weather.gov/MapClick.php?lat=45.5152&lon=-122.6784", "host": "forecast.weather.gov",
          "value": null, "number": null, "unit": "F", "outcome": null,
          "at": null, "changed_at": null, "failures_in_a_row": 0, "error": null,
          "recent": []
        }
        """;

    private const string AllOutcomes = """{ "dns": 1, "http_status": 1, "ok": 2, "pending": 1 }""";

    [Fact]
    public async Task Targets_NoFilter_EveryTargetByOrdinalName_WithOutcomeCountsAndSparklines()
    {
        var (status, json) = await _dashboard.GetJsonAsync("/api/targets");

        Assert.Equal(HttpStatusCode.OK, status);
        AssertJson($$"""
            {
              "total": 5, "offset": 0, "limit": 100,
              "outcomes": {{AllOutcomes}},
              "items": [{{MarkupItem}}, {{HarborItem}}, {{ChiItem}}, {{NycItem}}, {{PdxItem}}]
            }
            """, json);
    }

    [Theory]
    [InlineData("ok", "boston/harbor,nyc")]
    [InlineData("failing", "<img src=x onerror=alert(1)>,chi")]
    [InlineData("pending", "pdx")]
    [InlineData("dns", "<img src=x onerror=alert(1)>")]
    [InlineData("http_status", "chi")]
    [InlineData("headers_timeout", "")]
    public async Task Targets_FilterByOutcome_CountsEveryOutcomeAndListsTheMatches(string outcome, string names)
    {
        var (status, json) = await _dashboard.GetJsonAsync($"/api/targets?outcome={outcome}");

        Assert.Equal(HttpStatusCode.OK, status);
        var expected = names.Length == 0 ? [] : names.Split(',');
        Assert.Equal(expected, Names(json));
        Assert.Equal(expected.Length, (int)json!["total"]!);
        // The counts ignore the outcome filter: they fill the filter's menu.
        AssertJson(AllOutcomes, json["outcomes"]);
    }

    [Theory]
    [InlineData("NY", "nyc")]
    [InlineData("ny", "nyc")]
    [InlineData("%2F", "boston/harbor")]
    [InlineData("IMG%20SRC", "<img src=x onerror=alert(1)>")]
    [InlineData("h", "boston/harbor,chi")]
    [InlineData("zzz", "")]
    public async Task Targets_FilterByQuery_IsACaseInsensitivePartOfTheName(string q, string names)
    {
        var (_, json) = await _dashboard.GetJsonAsync($"/api/targets?q={q}");

        var expected = names.Length == 0 ? [] : names.Split(',');
        Assert.Equal(expected, Names(json));
        Assert.Equal(expected.Length, (int)json!["total"]!);
    }

    [Fact]
    public async Task Targets_FilterByHost_MatchesTheHostExactly_AndCountsOnlyItsTargets()
    {
        var (_, json) = await _dashboard.GetJsonAsync("/api/targets?host=forecast.weather.gov");
        var (_, failing) = await _dashboard.GetJsonAsync("/api/targets?host=forecast.weather.gov&outcome=failing&q=I");
        var (_, part) = await _dashboard.GetJsonAsync("/api/targets?host=weather.gov");

        Assert.Equal(["chi", "nyc", "pdx"], Names(json));
        AssertJson("""{ "http_status": 1, "ok": 1, "pending": 1 }""", json!["outcomes"]);
        Assert.Equal(["chi"], Names(failing));
        AssertJson("""{ "http_status": 1 }""", failing!["outcomes"]);
        Assert.Equal(0, (int)part!["total"]!);
    }

    [Theory]
    [InlineData(0, 2, "<img src=x onerror=alert(1)>,boston/harbor")]
    [InlineData(1, 2, "boston/harbor,chi")]
    [InlineData(4, 2, "pdx")]
    [InlineData(5, 100, "")]
    [InlineData(1000, 1000, "")]
    public async Task Targets_OffsetAndLimit_PageTheOrderedList_TotalCountsEveryMatch(int offset, int limit, string names)
    {
        var (_, json) = await _dashboard.GetJsonAsync(string.Create(CultureInfo.InvariantCulture, $"/api/targets?offset={offset}&limit={limit}"));

        Assert.Equal(names.Length == 0 ? [] : names.Split(','), Names(json));
        Assert.Equal((5, offset, limit), ((int)json!["total"]!, (int)json["offset"]!, (int)json["limit"]!));
    }

    [Fact]
    public async Task Targets_SecondPageOfFailing_CountsEveryFailingTarget()
    {
        var (_, json) = await _dashboard.GetJsonAsync("/api/targets?outcome=failing&offset=1&limit=1");

        Assert.Equal(["chi"], Names(json));
        Assert.Equal(2, (int)json!["total"]!);
    }

    [Theory]
    [InlineData("/api/targets?limit=0", "limit: expected a whole number from 1 to 1000")]
    [InlineData("/api/targets?limit=1001", "limit: expected a whole number from 1 to 1000")]
    [InlineData("/api/targets?offset=x", "offset: expected a whole number from 0 to 2147483647")]
    [InlineData("/api/targets?offset=-1", "offset: expected a whole number from 0 to 2147483647")]
    [InlineData("/api/targets?outcome=nope", "outcome: 'nope' is not ok, failing, pending or a failure name")]
    [InlineData("/api/targets/nyc/samples?from=bad", "from: expected an ISO 8601 time or Unix milliseconds, from 1970 on")]
    [InlineData("/api/targets/nyc/samples?to=2026-13-01", "to: expected an ISO 8601 time or Unix milliseconds, from 1970 on")]
    [InlineData("/api/targets/nyc/samples?to=-62135596800000", "to: expected an ISO 8601 time or Unix milliseconds, from 1970 on")]
    [InlineData("/api/events?to=0001-01-01T00:00:00Z", "to: expected an ISO 8601 time or Unix milliseconds, from 1970 on")]
    [InlineData("/api/events?from=bad", "from: expected an ISO 8601 time or Unix milliseconds, from 1970 on")]
    [InlineData("/api/events?limit=5001", "limit: expected a whole number from 1 to 5000")]
    public async Task Api_BadQuery_Is400WithAnErrorNamingTheParameter(string path, string error)
    {
        var (status, json) = await _dashboard.GetJsonAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertJson(new JsonObject { ["error"] = error }.ToJsonString(), json);
    }

    [Fact]
    public async Task Target_ByName_IsTheOverviewItem()
    {
        var (status, json) = await _dashboard.GetJsonAsync("/api/targets/nyc");

        Assert.Equal(HttpStatusCode.OK, status);
        AssertJson(NycItem, json);
    }

    [Fact]
    public async Task Target_NameWithSlashOrMarkup_IsFoundWhenEscaped()
    {
        var (harborStatus, harbor) = await _dashboard.GetJsonAsync("/api/targets/boston%2Fharbor");
        var (markupStatus, markup) = await _dashboard.GetJsonAsync("/api/targets/" + Uri.EscapeDataString(OverviewStore.Markup));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (harborStatus, markupStatus));
        AssertJson(HarborItem, harbor);
        AssertJson(MarkupItem, markup);
    }

    [Theory]
    [InlineData("/api/targets/nope", "no target named 'nope'")]
    [InlineData("/api/targets/NYC", "no target named 'NYC'")]
    [InlineData("/api/targets/boston/harbor", "no such API; see docs/dashboard.md")]
    [InlineData("/api/targets/nope/samples", "no target named 'nope'")]
    public async Task Target_Unknown_Is404WithAJsonError(string path, string error)
    {
        var (status, json) = await _dashboard.GetJsonAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertJson(new JsonObject { ["error"] = error }.ToJsonString(), json);
    }

    private static string[] Names(JsonNode? page) => [.. page!["items"]!.AsArray().Select(i => (string)i!["name"]!)];
}
