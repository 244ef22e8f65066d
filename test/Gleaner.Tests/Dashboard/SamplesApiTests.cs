using System.Net;
using static Gleaner.Tests.Dashboard.DashboardHarness;

namespace Gleaner.Tests.Dashboard;

/// <summary><c>GET /api/targets/{name}/samples?from=&amp;to=</c> over <see cref="HistoryStore"/>: every field of every sample.</summary>
public sealed class SamplesApiTests : IAsyncLifetime
{
    private DashboardHarness _dashboard = null!;

    public async ValueTask InitializeAsync() => _dashboard = await StartAsync(HistoryStore.FillAsync);

    public ValueTask DisposeAsync() => _dashboard.DisposeAsync();

    private const string Sample1 = """
        {
          "due": "2026-12-03T11:00:00.000Z", "started": "2026-12-03T11:00:00.004Z", "finished": "2026-12-03T11:00:00.120Z",
          "outcome": "ok", "value": "66.9", "number": 66.9, "unit": "F", "status": 200,
          "timings": { "dns": 1, "connect": 2, "tls": 0, "headers": 40.5, "body": 3.1, "total": 116 },
          "wire_bytes": 14120, "attempts": 1, "not_modified": false, "changed": true, "error": null
        }
        """;

    private const string Sample2 = """
        {
          "due": "2026-12-04T09:00:00.000Z", "started": "2026-12-04T09:00:00.005Z", "finished": "2026-12-04T09:00:10.005Z",
          "outcome": "headers_timeout", "value": null, "number": null, "unit": "F", "status": null,
          "timings": { "dns": 0, "connect": 0, "tls": 0, "headers": 0, "body": 0, "total": 10000 },
          "wire_bytes": 0, "attempts": 3, "not_modified": false, "changed": false, "error": "no response headers within 10s"
        }
        """;

    private const string Sample3 = """
        {
          "due": "2026-12-04T10:00:00.000Z", "started": "2026-12-04T10:00:00.004Z", "finished": "2026-12-04T10:00:00.120Z",
          "outcome": "ok", "value": "66.9", "number": 66.9, "unit": "F", "status": 304,
          "timings": { "dns": 0, "connect": 0, "tls": 0, "headers": 0, "body": 0, "total": 0 },
          "wire_bytes": 0, "attempts": 1, "not_modified": true, "changed": false, "error": null
        }
        """;

    [Fact]
    public async Task Samples_NoRange_AreTheLast24HoursOfTheServersClock_OldestFirst()
    {
        var (status, json) = await _dashboard.GetJsonAsync("/api/targets/nyc/samples");

        Assert.Equal(HttpStatusCode.OK, status);
        AssertJson($$"""
            {
              "name": "nyc", "from": "2026-12-03T11:00:00.000Z", "to": "2026-12-04T11:00:00.000Z",
              "samples": [{{Sample1}}, {{Sample2}}, {{Sample3}}], "truncated": false
            }
            """, json);
    }

    [Fact]
    public async Task Samples_MoreThanAnAnswerCarries_AreCutAndSaySo()
    {
        await using var small = await StartAsync(HistoryStore.FillAsync, options => options with { MaxSamples = 2 });

        var (status, json) = await small.GetJsonAsync("/api/targets/nyc/samples");

        Assert.Equal(HttpStatusCode.OK, status);
        AssertJson($$"""
            {
              "name": "nyc", "from": "2026-12-03T11:00:00.000Z", "to": "2026-12-04T11:00:00.000Z",
              "samples": [{{Sample1}}, {{Sample2}}], "truncated": true
            }
            """, json);
    }

    [Fact]
    public async Task Samples_WithPoints_AreThinnedToEachBucketsLowHighAndLast_AndEveryFailure()
    {
        // Two buckets of 24 h before now: the first holds 60.1 alone; the second 66.9 (low and high), the failure, and
        // the 304 (its last). 67.2 is due at the range's end, so outside it.
        var (status, json) = await _dashboard.GetJsonAsync("/api/targets/nyc/samples?from=2026-12-02T11:00:00Z&points=2");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            ["2026-12-03T10:30:00.000Z", "2026-12-03T11:00:00.000Z", "2026-12-04T09:00:00.000Z", "2026-12-04T10:00:00.000Z"],
            json!["samples"]!.AsArray().Select(s => (string)s!["due"]!));
        Assert.False((bool)json["truncated"]!);
    }

    [Theory]
    [InlineData("points=0")]
    [InlineData("points=10001")]
    public async Task Samples_PointsOutOfRange_Is400(string query)
    {
        var (status, json) = await _dashboard.GetJsonAsync("/api/targets/nyc/samples?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertJson("""{ "error": "points: expected a whole number from 1 to 10000" }""", json);
    }

    [Fact]
    public async Task Samples_NoRange_WhenTheClockMoves_FollowIt()
    {
        _dashboard.Time.Advance(TimeSpan.FromMilliseconds(1));

        var (_, json) = await _dashboard.GetJsonAsync("/api/targets/nyc/samples");

        Assert.Equal(("2026-12-03T11:00:00.001Z", "2026-12-04T11:00:00.001Z"), ((string)json!["from"]!, (string)json["to"]!));
        Assert.Equal(
            ["2026-12-04T09:00:00.000Z", "2026-12-04T10:00:00.000Z", "2026-12-04T11:00:00.000Z"],
            json["samples"]!.AsArray().Select(s => (string)s!["due"]!));
    }

    [Theory]
    [InlineData("from=2026-12-03T10:30:00.000Z&to=2026-12-03T11:00:00.001Z")]
    [InlineData("from=2026-12-03T10:30:00Z&to=2026-12-03T11:00:00.001Z")]
    [InlineData("from=2026-12-03T11:30:00%2B01:00&to=2026-12-03T06:00:00.001-05:00")]
    [InlineData("from=1796293800000&to=1796295600001")]
    [InlineData("from=2026-12-03T10:30:00.000Z&to=1796295600001")]
    public async Task Samples_IsoOrUnixMilliseconds_TakeTheSameRange(string query)
    {
        var (status, json) = await _dashboard.GetJsonAsync("/api/targets/nyc/samples?" + query);

        Assert.Equal(HttpStatusCode.OK, status);
        AssertJson("""
            {
              "name": "nyc", "from": "2026-12-03T10:30:00.000Z", "to": "2026-12-03T11:00:00.001Z",
              "samples": [
                {
                  "due": "2026-12-03T10:30:00.000Z", "started": "2026-12-03T10:30:00.004Z", "finished": "2026-12-03T10:30:00.120Z",
                  "outcome": "ok", "value": "60.1", "number": 60.1, "unit": "F", "status": 200,
                  "timings": { "dns": 0, "connect": 0, "tls": 0, "headers": 0, "body": 0, "total": 0 },
                  "wire_bytes": 0, "attempts": 1, "not_modified": false, "changed": true, "error": null
                },
            """ + Sample1 + """], "truncated": false }""", json);
    }

    [Fact]
    public async Task Samples_FromOnly_RunsToTheServersNow()
    {
        var (_, json) = await _dashboard.GetJsonAsync("/api/targets/nyc/samples?from=2026-12-04T09:00:00.001Z");

        Assert.Equal(("2026-12-04T09:00:00.001Z", "2026-12-04T11:00:00.000Z"), ((string)json!["from"]!, (string)json["to"]!));
        AssertJson($"[{Sample3}]", json["samples"]);
    }

    [Fact]
    public async Task Samples_ToOnly_StartsADayBeforeIt()
    {
        var (_, json) = await _dashboard.GetJsonAsync("/api/targets/nyc/samples?to=2026-12-04T09:00:00.000Z");

        Assert.Equal(("2026-12-03T09:00:00.000Z", "2026-12-04T09:00:00.000Z"), ((string)json!["from"]!, (string)json["to"]!));
        Assert.Equal(["2026-12-03T10:30:00.000Z", "2026-12-03T11:00:00.000Z"], json["samples"]!.AsArray().Select(s => (string)s!["due"]!));
    }

    [Fact]
    public async Task Samples_FromAfterTo_Is400()
    {
        var (status, json) = await _dashboard.GetJsonAsync("/api/targets/nyc/samples?from=2026-12-04T10:00:00.001Z&to=2026-12-04T10:00:00.000Z");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertJson("""{ "error": "from: is after to" }""", json);
    }

    [Fact]
    public async Task Samples_EmptyRange_IsAnEmptyList()
    {
        var (status, json) = await _dashboard.GetJsonAsync("/api/targets/nyc/samples?from=1796295600000&to=1796295600000");

        Assert.Equal(HttpStatusCode.OK, status);
        AssertJson("""
            { "name": "nyc", "from": "2026-12-03T11:00:00.000Z", "to": "2026-12-03T11:00:00.000Z", "samples": [], "truncated": false }
            """, json);
    }

    [Fact]
    public async Task Samples_TargetNeverSampled_NameWithSlash_IsAnEmptyList()
    {
        var (status, json) = await _dashboard.GetJsonAsync("/api/targets/boston%2Fharbor/samples");

        Assert.Equal(HttpStatusCode.OK, status);
        AssertJson("""
            { "name": "boston/harbor", "from": "2026-12-03T11:00:00.000Z", "to": "2026-12-04T11:00:00.000Z", "samples": [], "truncated": false }
            """, json);
    }
}
