using Gleaner.Dashboard.Board;
using Gleaner.Watching;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Dashboard.Api;

/// <summary><c>GET /api/targets/{name}/samples?from=&amp;to=</c>: a target's history from the store.</summary>
internal static class SamplesApi
{
    /// <summary>The most samples one answer carries (about 40 MB of JSON); <c>truncated</c> says when there were more.</summary>
    public const int MaxSamples = 200_000;

    private static readonly TimeSpan DefaultRange = TimeSpan.FromDays(1);

    public static async Task ListAsync(HttpContext http, LiveBoard board, string name, TimeProvider time)
    {
        var to = QueryValues.Time(http.Request, "to") ?? time.GetUtcNow();
        var from = QueryValues.Time(http.Request, "from") ?? to - DefaultRange;
        if (from > to)
        {
            throw new BadQueryException("from: is after to");
        }

        if (board.Find(name) is null)
        {
            await JsonAnswers.NotFoundAsync(http, name);
            return;
        }

        var samples = new List<SampleItem>();
        var truncated = false;
        await foreach (var sample in board.Store.ReadSamplesAsync(name, from, to, http.RequestAborted))
        {
            if (samples.Count == MaxSamples)
            {
                truncated = true;
                break;
            }

            samples.Add(Item(sample));
        }

        await JsonAnswers.WriteAsync(http, new SamplesPage(name, from, to, truncated, samples), DashboardJson.Default.SamplesPage);
    }

    private static SampleItem Item(Sample sample) => new()
    {
        Due = sample.Due,
        Started = sample.Started,
        Finished = sample.Finished,
        Outcome = sample.Outcome.ToName(),
        Value = sample.Value,
        Number = sample.Number,
        Unit = sample.Unit,
        Status = sample.Status,
        Timings = new TimingsItem(
            sample.Timings.Dns.TotalMilliseconds, sample.Timings.Connect.TotalMilliseconds, sample.Timings.Tls.TotalMilliseconds,
            sample.Timings.Headers.TotalMilliseconds, sample.Timings.Body.TotalMilliseconds, sample.Timings.Total.TotalMilliseconds),
        WireBytes = sample.WireBytes,
        Attempts = sample.Attempts,
        NotModified = sample.NotModified,
        Changed = sample.Changed,
        Error = sample.Error,
    };
}
