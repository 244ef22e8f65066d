using Gleaner.Fetching;
using Gleaner.Records;
using Gleaner.Storage;
using Gleaner.Targets;
using Gleaner.Validation;

namespace Gleaner.Tests.Storage;

/// <summary>Run records as a run produces them, with fields chosen by each test.</summary>
internal static class SampleRecords
{
    public static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    public const string NycLine = """{"name":"nyc","url":"http://example.test/weather","final_url":"http://example.test/w2","outcome":"ok","value":66.9,"unit":"F","status":200,"http_version":"1.1","timings":{"dns_ms":1.2,"connect_ms":2.5,"tls_ms":0,"headers_ms":10,"body_ms":3.3,"total_ms":17},"bytes":{"wire":1234,"decoded":5678},"redirects":["http://example.test/w2"],"error":null,"content_type":"text/html","charset":"utf-8","invalid_bytes_replaced":false,"attempts":1,"at":"2026-01-02T03:04:05.6780000+00:00"}""";

    /// <summary>The record behind <see cref="NycLine"/>: a value found after one redirect.</summary>
    public static RunRecord Nyc() => Make(
        0,
        "nyc",
        value: 66.9,
        unit: "F",
        status: 200,
        httpVersion: "1.1",
        finalUrl: "http://example.test/w2",
        redirects: ["http://example.test/w2"],
        timings: new PhaseTimings
        {
            Dns = TimeSpan.FromMilliseconds(1.2),
            Connect = TimeSpan.FromMilliseconds(2.5),
            Headers = TimeSpan.FromMilliseconds(10),
            Body = TimeSpan.FromMilliseconds(3.3),
            Total = TimeSpan.FromMilliseconds(17),
        },
        wire: 1234,
        decoded: 5678);

    /// <summary>Target number <paramref name="index"/> of a job, ended ok with its index as value.</summary>
    public static RunRecord Numbered(int index) => Make(index, $"t{index}", value: (double)index, status: 200);

    public static RunRecord Make(
        int index,
        string name,
        Outcome outcome = Outcome.Ok,
        object? value = null,
        string? unit = null,
        int? status = null,
        string? httpVersion = null,
        string? error = null,
        string? finalUrl = null,
        string[]? redirects = null,
        PhaseTimings? timings = null,
        long wire = 0,
        long decoded = 0,
        int attempts = 1)
    {
        var url = new Uri($"http://example.test/weather{(index == 0 ? "" : "/" + index)}");
        var target = new Target { Name = name, Url = url, Value = new ValueSpec(unit: unit) };
        var fetch = new FetchResult
        {
            Url = url,
            FinalUrl = finalUrl is null ? url : new Uri(finalUrl),
            Outcome = outcome,
            Status = status,
            HttpVersion = httpVersion,
            Redirects = (redirects ?? []).Select(r => new Uri(r)).ToList(),
            Timings = timings ?? new PhaseTimings(),
            WireBytes = wire,
            DecodedBytes = decoded,
            MediaType = timings is null ? null : "text/html",
            Charset = timings is null ? null : "utf-8",
        };
        var result = new TargetResult { Target = target, Fetch = fetch, Outcome = outcome, Value = value, Error = error, At = At };
        return new RunRecord(index, RunRecord.KeyFor(index, target), result, attempts);
    }

    public static string Json(RunRecord record) => ResultJson.Write(record);

    /// <summary>A state for <paramref name="job"/> holding targets 1..<paramref name="count"/> as a run commits them; their JSON in seq order.</summary>
    public static async Task<List<string>> SeedStateAsync(string path, string job, int count)
    {
        var jsons = new List<string>();
        await using var store = await StateStore.OpenAsync(path, job, TestContext.Current.CancellationToken);
        for (var i = 1; i <= count; i++)
        {
            var record = Numbered(i);
            var json = ResultJson.Write(record);
            await store.CommitAsync(record.Key, record.Index, record.Result.Outcome.ToName(), json, TestContext.Current.CancellationToken);
            jsons.Add(json);
        }

        return jsons;
    }

    /// <summary>Reads a file the sink under test may still hold open.</summary>
    public static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static string[] Lines(string path)
    {
        var text = ReadShared(path);
        if (text.Length == 0)
        {
            return [];
        }

        Assert.EndsWith("\n", text);
        return text[..^1].Split('\n');
    }
}
