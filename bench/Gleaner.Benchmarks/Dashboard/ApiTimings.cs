using System.Diagnostics;
using System.Text.Json;

namespace Gleaner.Benchmarks.Dashboard;

/// <summary>
/// Wall time of JSON API calls as a client sees them: from sending the request to the last byte of the body read
/// (HttpClient on one kept-alive loopback connection). Each answer is checked after its timing.
/// </summary>
internal sealed class ApiTimings(HttpClient http)
{
    /// <summary>Times GET <paramref name="path"/> <paramref name="runs"/> times; <paramref name="check"/> sees each body.</summary>
    public async Task<List<double>> TimeAsync(string path, int runs, Action<JsonElement> check, CancellationToken cancellationToken) =>
        await TimeAsync(_ => path, runs, check, cancellationToken);

    /// <summary>Times one GET per run, of the path <paramref name="pathOfRun"/> gives for the run's number.</summary>
    public async Task<List<double>> TimeAsync(Func<int, string> pathOfRun, int runs, Action<JsonElement> check, CancellationToken cancellationToken)
    {
        var times = new List<double>(runs);
        for (var run = 0; run < runs; run++)
        {
            var (ms, body) = await GetAsync(pathOfRun(run), cancellationToken);
            times.Add(ms);
            using var json = JsonDocument.Parse(body);
            check(json.RootElement);
        }

        return times;
    }

    public async Task<(double Ms, byte[] Body)> GetAsync(string path, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        clock.Stop();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
        }

        return (clock.Elapsed.TotalMilliseconds, body);
    }
}
