using System.Text.Json;
using Gleaner.Dashboard.Board;
using Gleaner.Fetching;
using Gleaner.Watching;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Dashboard.Api;

/// <summary>
/// <c>GET /api/targets/{name}/samples?from=&amp;to=</c>: a target's history from the store, written to the response as
/// it is read (a day at 10 s is 8,640 samples, 3 MB of JSON: nothing of it is held whole), so <c>truncated</c> comes
/// after the samples.
/// </summary>
internal static class SamplesApi
{
    private static readonly TimeSpan DefaultRange = TimeSpan.FromDays(1);

    /// <summary>The most buckets <c>points</c> may ask for.</summary>
    public const int MaxPoints = 10_000;

    /// <summary>How much JSON waits before it is handed to the connection.</summary>
    private const int FlushBytes = 32 * 1024;

    /// <summary>Answers with at most <paramref name="maxSamples"/>; <c>truncated</c> says when there were more.</summary>
    public static async Task ListAsync(HttpContext http, LiveBoard board, string name, TimeProvider time, int maxSamples)
    {
        var to = QueryValues.Time(http.Request, "to") ?? time.GetUtcNow();
        var from = QueryValues.Time(http.Request, "from") ?? to - DefaultRange;
        if (from > to)
        {
            throw new BadQueryException("from: is after to");
        }

        var points = QueryValues.Integer(http.Request, "points", 0, 1, MaxPoints);
        var thinning = points > 0 ? new SampleThinning(from, to, points) : null;

        if (board.Find(name) is null)
        {
            await JsonAnswers.NotFoundAsync(http, name);
            return;
        }

        http.Response.ContentType = JsonAnswers.ContentType;
        var body = http.Response.BodyWriter;
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteString("name", name);
        WriteTime(json, "from", from);
        WriteTime(json, "to", to);
        json.WriteStartArray("samples");
        var (count, truncated) = (0, false);
        await foreach (var sample in Kept(board.Store.ReadSamplesAsync(name, from, to, http.RequestAborted), thinning))
        {
            if (count++ == maxSamples)
            {
                truncated = true;
                break;
            }

            Write(json, sample);
            if (json.BytesPending >= FlushBytes)
            {
                await json.FlushAsync(http.RequestAborted);
                await body.FlushAsync(http.RequestAborted);
            }
        }

        json.WriteEndArray();
        json.WriteBoolean("truncated", truncated);
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted);
    }

    // The samples the answer carries: all of them, or what the thinning keeps of them, in due order.
    private static async IAsyncEnumerable<Sample> Kept(IAsyncEnumerable<Sample> samples, SampleThinning? thinning)
    {
        await foreach (var sample in samples)
        {
            foreach (var kept in thinning?.Take(sample) ?? [sample])
            {
                yield return kept;
            }
        }

        foreach (var kept in thinning?.Flush() ?? [])
        {
            yield return kept;
        }
    }

    /// <summary>One sample as the API writes it (the benchmark times it alone).</summary>
    public static void Write(Utf8JsonWriter json, Sample sample)
    {
        json.WriteStartObject();
        WriteTime(json, "due", sample.Due);
        WriteTime(json, "started", sample.Started);
        WriteTime(json, "finished", sample.Finished);
        json.WriteString("outcome", sample.Outcome.ToName());
        WriteStringOrNull(json, "value", sample.Value);
        if (TargetItems.Finite(sample.Number) is { } number)
        {
            json.WriteNumber("number", number);
        }
        else
        {
            json.WriteNull("number");
        }

        WriteStringOrNull(json, "unit", sample.Unit);
        if (sample.Status is { } status)
        {
            json.WriteNumber("status", status);
        }
        else
        {
            json.WriteNull("status");
        }

        WriteTimings(json, sample.Timings);
        json.WriteNumber("wire_bytes", sample.WireBytes);
        json.WriteNumber("attempts", sample.Attempts);
        json.WriteBoolean("not_modified", sample.NotModified);
        json.WriteBoolean("changed", sample.Changed);
        WriteStringOrNull(json, "error", sample.Error);
        json.WriteEndObject();
    }

    private static void WriteTimings(Utf8JsonWriter json, PhaseTimings timings)
    {
        json.WriteStartObject("timings");
        json.WriteNumber("dns", timings.Dns.TotalMilliseconds);
        json.WriteNumber("connect", timings.Connect.TotalMilliseconds);
        json.WriteNumber("tls", timings.Tls.TotalMilliseconds);
        json.WriteNumber("headers", timings.Headers.TotalMilliseconds);
        json.WriteNumber("body", timings.Body.TotalMilliseconds);
        json.WriteNumber("total", timings.Total.TotalMilliseconds);
        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset time)
    {
        json.WritePropertyName(name);
        UtcMillisecondsConverter.WriteValue(json, time);
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
