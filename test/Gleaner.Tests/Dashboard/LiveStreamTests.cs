using System.Net;
using System.Text.Json.Nodes;
using Gleaner.Dashboard.Api;
using Gleaner.Watching;
using static Gleaner.Tests.Dashboard.DashboardHarness;
using static Gleaner.Tests.Storage.Samples.WatchSamples;

namespace Gleaner.Tests.Dashboard;

/// <summary>
/// <c>GET /api/stream</c>: samples applied to the board reach an open stream as one <c>samples</c> message per
/// <see cref="LiveStream.Interval"/> of the server's (fake) clock; streams over the cap get 503.
/// </summary>
public sealed class LiveStreamTests : IAsyncLifetime
{
    // Bounds each read, so a missing message fails the test instead of hanging it.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private DashboardHarness _dashboard = null!;

    public async ValueTask InitializeAsync() =>
        _dashboard = await StartAsync(OverviewStore.FillAsync, options => options with { MaxEventStreams = 2 });

    public ValueTask DisposeAsync() => _dashboard.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Sample NycSample = Ok("nyc", Due(62), "122.5", changed: true);

    private static readonly TargetState NycState = new()
    {
        Target = "nyc", Url = new Uri(OverviewStore.NycUrl), LastDue = NycSample.Due, LastAt = NycSample.Finished, Outcome = Outcome.Ok,
        Value = "122.5", Number = 122.5, Unit = "F", ChangedAt = NycSample.Finished,
    };

    private static readonly Sample ChiSample = Failed("chi", Due(2), Outcome.HttpStatus, "HTTP 502 Bad Gateway", status: 502);

    private static readonly TargetState ChiState = new()
    {
        Target = "chi", Url = new Uri("https://forecast.weather.gov/MapClick.php?lat=41.8781&lon=-87.6298"), LastDue = ChiSample.Due,
        LastAt = ChiSample.Finished, Outcome = Outcome.HttpStatus, Value = "40.5", Number = 40.5, Unit = "F",
        ChangedAt = Due(0).AddMilliseconds(45), FailuresInARow = 2,
    };

    private const string NycStreamed = """
        {
          "name": "nyc", "url": "https://forecast.weather.gov/MapClick.php?lat=40.7142&lon=-74.0059", "host": "forecast.weather.gov",
          "value": "122.5", "number": 122.5, "unit": "F", "outcome": "ok",
          "at": "2026-12-04T10:10:20.045Z", "changed_at": "2026-12-04T10:10:20.045Z", "failures_in_a_row": 0, "error": null,
          "changed": true, "due": "2026-12-04T10:10:20.000Z"
        }
        """;

    private const string ChiStreamed = """
        {
          "name": "chi", "url": "https://forecast.weather.gov/MapClick.php?lat=41.8781&lon=-87.6298", "host": "forecast.weather.gov",
          "value": "40.5", "number": 40.5, "unit": "F", "outcome": "http_status",
          "at": "2026-12-04T10:00:30.005Z", "changed_at": "2026-12-04T10:00:00.045Z", "failures_in_a_row": 2,
          "error": "HTTP 502 Bad Gateway", "changed": false, "due": "2026-12-04T10:00:20.000Z"
        }
        """;

    [Fact]
    public async Task Stream_SampleApplied_ArrivesAsASamplesMessageWhenTheIntervalPasses()
    {
        await using var stream = await OpenAsync();

        _dashboard.Board.Apply(NycState, NycSample);
        _dashboard.Time.Advance(LiveStream.Interval);

        var (name, data) = await stream.NextEventAsync();
        Assert.Equal("samples", name);
        AssertJson($"[{NycStreamed}]", data);
    }

    [Fact]
    public async Task Stream_SamplesWithinOneInterval_AreOneMessage_WithEachTargetsLatest()
    {
        await using var stream = await OpenAsync();

        _dashboard.Board.Apply(NycState with { Value = "122.0", Number = 122 }, NycSample with { Value = "122.0", Number = 122 });
        _dashboard.Board.Apply(ChiState, ChiSample);
        _dashboard.Board.Apply(NycState, NycSample);
        _dashboard.Time.Advance(LiveStream.Interval);
        _dashboard.Board.Apply(NycState, NycSample with { Changed = false });
        _dashboard.Time.Advance(LiveStream.Interval);

        var (_, first) = await stream.NextEventAsync();
        var (_, second) = await stream.NextEventAsync();
        AssertJson($"[{ChiStreamed}, {NycStreamed}]", SortedByName(first));
        Assert.Equal([false], second!.AsArray().Select(i => (bool)i!["changed"]!));
    }

    [Fact]
    public async Task Stream_EveryOpenStream_GetsTheMessage()
    {
        await using var one = await OpenAsync();
        await using var two = await OpenAsync();

        _dashboard.Board.Apply(ChiState, ChiSample);
        _dashboard.Time.Advance(LiveStream.Interval);

        AssertJson($"[{ChiStreamed}]", (await one.NextEventAsync()).Data);
        AssertJson($"[{ChiStreamed}]", (await two.NextEventAsync()).Data);
    }

    [Fact]
    public async Task Stream_Quiet_GetsAKeepAliveCommentEvery15Seconds()
    {
        await using var stream = await OpenAsync();

        _dashboard.Time.Advance(LiveStream.KeepAlive);

        Assert.Equal(": keep-alive", await stream.ReadLineAsync());
        Assert.Equal("", await stream.ReadLineAsync());
    }

    [Fact]
    public async Task Stream_OverTheCap_Is503WithRetryAfter()
    {
        await using var one = await OpenAsync();
        await using (await OpenAsync())
        {
            using var refused = await _dashboard.Client.GetAsync(new Uri("/api/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Ct);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("5", refused.Headers.RetryAfter?.ToString());
            AssertJson("""{ "error": "2 event streams are open already; try again later" }""", JsonNode.Parse(await refused.Content.ReadAsStringAsync(Ct)));
        }

        Assert.Equal(2, _dashboard.Server.Stream.Open);
    }

    [Fact]
    public async Task Targets_AfterALiveSample_ShowItAfterTheStoresHistory()
    {
        // The sample arrives before anyone asked for the overview: the sparkline still starts from the store.
        _dashboard.Board.Apply(NycState, NycSample);
        _dashboard.Board.Apply(ChiState, ChiSample);

        var (_, nyc) = await _dashboard.GetJsonAsync("/api/targets/nyc");
        var (_, chi) = await _dashboard.GetJsonAsync("/api/targets/chi");

        var expected = Enumerable.Range(3, 59).Select(n => n == OverviewStore.NycFailure ? null : (double?)(60.5 + n)).Append(122.5);
        Assert.Equal(expected, nyc!["recent"]!.AsArray().Select(n => (double?)n));
        Assert.Equal([40.5, null, null], chi!["recent"]!.AsArray().Select(n => (double?)n));
        Assert.Equal("HTTP 502 Bad Gateway", (string?)chi["error"]);
    }

    [Fact]
    public async Task Stream_MoreTargetsThanAMessageCarries_TheRestComeInTheNext()
    {
        await using var stream = await OpenAsync();
        var count = LiveStream.MaxItems + 500;
        for (var i = 0; i < count; i++)
        {
            var name = $"many-{i:D4}";
            _dashboard.Board.Apply(new TargetState { Target = name, LastDue = Due(1), LastAt = Due(1), Outcome = Outcome.Ok, Value = "1", Number = 1 }, Ok(name, Due(1), "1"));
        }

        _dashboard.Time.Advance(LiveStream.Interval);
        var first = (await stream.NextEventAsync()).Data!.AsArray();
        _dashboard.Time.Advance(LiveStream.Interval);
        var second = (await stream.NextEventAsync()).Data!.AsArray();

        Assert.Equal((LiveStream.MaxItems, 500), (first.Count, second.Count));
        Assert.Equal(
            Enumerable.Range(0, count).Select(i => $"many-{i:D4}"),
            first.Concat(second).Select(i => (string)i!["name"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Stream_LongValueAndNonFiniteNumber_AreCutAndNull_TheApiGivesTheValueWhole()
    {
        await using var stream = await OpenAsync();
        var value = new string('7', TargetItems.MaxStreamedText + 10);
        _dashboard.Board.Apply(NycState with { Value = value, Number = double.PositiveInfinity }, NycSample with { Value = value, Number = double.PositiveInfinity });

        _dashboard.Time.Advance(LiveStream.Interval);
        var item = (await stream.NextEventAsync()).Data!.AsArray().Single()!;
        var (_, whole) = await _dashboard.GetJsonAsync("/api/targets/nyc");

        Assert.Equal(new string('7', TargetItems.MaxStreamedText - 1) + "…", (string?)item["value"]);
        Assert.Null(item["number"]);
        Assert.Equal(value, (string?)whole!["value"]);
        Assert.Null(whole["number"]);
        Assert.Null(whole["recent"]!.AsArray()[^1]);
    }

    private static JsonArray SortedByName(JsonNode? items) => new JsonArray([.. items!.AsArray().OrderBy(i => (string)i!["name"]!, StringComparer.Ordinal).Select(i => i!.DeepClone())]);

    private async Task<EventStream> OpenAsync()
    {
        var response = await _dashboard.Client.GetAsync(new Uri("/api/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var stream = new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(Ct)));
        // The server registers a stream before it says hello: once read, samples offered reach it.
        Assert.Equal("retry: 3000", await stream.ReadLineAsync());
        Assert.Equal("", await stream.ReadLineAsync());
        return stream;
    }

    /// <summary>An open <c>/api/stream</c>, read line by line.</summary>
    private sealed class EventStream(HttpResponseMessage response, StreamReader reader) : IAsyncDisposable
    {
        public async Task<string?> ReadLineAsync() => await reader.ReadLineAsync(Ct).AsTask().WaitAsync(Patience, Ct);

        /// <summary>The next event's name and JSON data (comments skipped).</summary>
        public async Task<(string? Name, JsonNode? Data)> NextEventAsync()
        {
            string? name = null;
            JsonNode? data = null;
            while (await ReadLineAsync() is { } line)
            {
                if (line.Length == 0 && (name ?? (object?)data) is not null)
                {
                    return (name, data);
                }

                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = JsonNode.Parse(line["data: ".Length..]);
                }
            }

            throw new EndOfStreamException("the stream ended");
        }

        public ValueTask DisposeAsync()
        {
            reader.Dispose();
            response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
