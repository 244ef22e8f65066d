using System.Net;
using System.Text.Json.Nodes;
using static Gleaner.Tests.Dashboard.DashboardHarness;

namespace Gleaner.Tests.Dashboard;

/// <summary><c>GET /api/events?target=&amp;from=&amp;to=&amp;limit=</c> over <see cref="HistoryStore"/>: newest first, exactly.</summary>
public sealed class EventsApiTests : IAsyncLifetime
{
    private DashboardHarness _dashboard = null!;

    public async ValueTask InitializeAsync() => _dashboard = await StartAsync(HistoryStore.FillAsync);

    public ValueTask DisposeAsync() => _dashboard.DisposeAsync();

    private const string Recovery = """
        { "target": "nyc", "at": "2026-12-04T10:00:00.050Z", "kind": "recovery", "from": "66.9", "to": "66.9", "outcome": "ok", "message": null, "failures_in_a_row": 0 }
        """;

    private const string ChiFailure = """
        { "target": "chi", "at": "2026-12-04T09:30:00.000Z", "kind": "failure", "from": null, "to": null, "outcome": "http_status", "message": "HTTP 503 Service Unavailable", "failures_in_a_row": 1 }
        """;

    private const string NycFailure = """
        { "target": "nyc", "at": "2026-12-04T09:00:10.005Z", "kind": "failure", "from": null, "to": null, "outcome": "headers_timeout", "message": "no response headers within 10s", "failures_in_a_row": 1 }
        """;

    private const string Change = """
        { "target": "nyc", "at": "2026-12-03T11:00:00.120Z", "kind": "change", "from": "60.1", "to": "66.9", "outcome": "ok", "message": null, "failures_in_a_row": 0 }
        """;

    private const string OldChange = """
        { "target": "nyc", "at": "2026-11-20T08:00:00.000Z", "kind": "change", "from": null, "to": "58.0", "outcome": "ok", "message": null, "failures_in_a_row": 0 }
        """;

    [Fact]
    public async Task Events_NoRange_AreTheLast7DaysOfTheServersClock_NewestFirst()
    {
        var (status, json) = await _dashboard.GetJsonAsync("/api/events");

        Assert.Equal(HttpStatusCode.OK, status);
        AssertJson($$"""{ "events": [{{Recovery}}, {{ChiFailure}}, {{NycFailure}}, {{Change}}] }""", json);
    }

    [Fact]
    public async Task Events_Limit_KeepsTheNewest()
    {
        var (_, json) = await _dashboard.GetJsonAsync("/api/events?limit=2");

        AssertJson($$"""{ "events": [{{Recovery}}, {{ChiFailure}}] }""", json);
    }

    [Fact]
    public async Task Events_Target_KeepsThatTargetsOnly()
    {
        var (_, nyc) = await _dashboard.GetJsonAsync("/api/events?target=nyc&limit=2");
        var (_, unknown) = await _dashboard.GetJsonAsync("/api/events?target=nope");

        AssertJson($$"""{ "events": [{{Recovery}}, {{NycFailure}}] }""", nyc);
        AssertJson("""{ "events": [] }""", unknown);
    }

    [Fact]
    public async Task Events_FromAndTo_SetTheRange_ToExcluded()
    {
        var (_, all) = await _dashboard.GetJsonAsync("/api/events?from=0");
        var (_, window) = await _dashboard.GetJsonAsync("/api/events?from=2026-12-03T11:00:00.120Z&to=2026-12-04T09:30:00.000Z");

        AssertJson($$"""{ "events": [{{Recovery}}, {{ChiFailure}}, {{NycFailure}}, {{Change}}, {{OldChange}}] }""", all);
        AssertJson($$"""{ "events": [{{NycFailure}}, {{Change}}] }""", window);
    }

    [Fact]
    public async Task Events_WhenTheClockMoves_TheWeekFollows()
    {
        // Now 2026-12-10T11:00:00.121Z: the change a millisecond older than a week drops out.
        _dashboard.Time.Advance(TimeSpan.FromDays(6) + TimeSpan.FromMilliseconds(121));

        var (_, json) = await _dashboard.GetJsonAsync("/api/events");

        AssertJson($$"""{ "events": [{{Recovery}}, {{ChiFailure}}, {{NycFailure}}] }""", json);
    }

    [Theory]
    [InlineData("from=2026-12-04T10:00:00.001Z&to=2026-12-04T10:00:00.000Z", "from: is after to")]
    [InlineData("limit=0", "limit: expected a whole number from 1 to 5000")]
    [InlineData("to=soon", "to: expected an ISO 8601 time or Unix milliseconds, from 1970 on")]
    public async Task Events_BadQuery_Is400NamingTheParameter(string query, string error)
    {
        var (status, json) = await _dashboard.GetJsonAsync("/api/events?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertJson(new JsonObject { ["error"] = error }.ToJsonString(), json);
    }
}
