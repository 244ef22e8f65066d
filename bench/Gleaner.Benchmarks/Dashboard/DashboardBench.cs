using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Gleaner.Dashboard;
using Gleaner.Dashboard.Api;
using Gleaner.Dashboard.Board;
using Gleaner.Storage.Samples;

namespace Gleaner.Benchmarks.Dashboard;

/// <summary>
/// The dashboard benchmark (bench/README.md, "Dashboard"): fills a store with a day of 10,000 targets, serves it as
/// <c>gleaner serve</c> does (a read-only store, a <see cref="LiveBoard"/>, <see cref="DashboardServer"/> on
/// 127.0.0.1), times the JSON API, then opens the overview in Chromium for first paint and for responsiveness while
/// 1,000 samples a second arrive.
/// </summary>
internal static class DashboardBench
{
    private static readonly int[] QueryTargets = [1234, 4321, 777, 9001, 2500];

    public const string Usage = """
        dashboard [--targets 10000] [--runs 20] [--browser-runs 7] [--feed-rate 1000] [--feed-seconds 30]
                  [--dir DIR [--reuse]] [--no-browser] [--chromium /usr/bin/chromium]
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine($"usage: {Usage}");
            return 2;
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(20)); // the whole run's backstop
        var dir = options.Dir is { } given ? Directory.CreateDirectory(given).FullName : Directory.CreateTempSubdirectory("dashboard-bench-").FullName;
        var path = Path.Combine(dir, "day.db");
        Machine();
        var day = options.Reuse && File.Exists(path) && File.Exists(path + ".end")
            ? new DayOfHistory(options.Targets, DateTimeOffset.FromUnixTimeSeconds(long.Parse(File.ReadAllText(path + ".end"), CultureInfo.InvariantCulture)))
            : await FillAsync(path, options, stop.Token);

        await using var store = await SqliteSampleStore.OpenReadOnlyAsync(path, stop.Token);
        var board = new LiveBoard(store);
        var load = Stopwatch.StartNew();
        await board.LoadAsync(stop.Token);
        load.Stop();
        var start = Stopwatch.StartNew();
        await using var server = await DashboardServer.StartAsync(new DashboardOptions { Bind = IPAddress.Loopback, Port = 0 }, board, stop.Token);
        start.Stop();
        Console.WriteLine($"serve: {board.Count:N0} targets loaded in {load.Elapsed.TotalMilliseconds:F0} ms, server up in {start.Elapsed.TotalMilliseconds:F0} ms at {server.Url}");

        await TimeApiAsync(server.Url, day, options, stop.Token);
        await TimeStoreReadAsync(store, day, options, stop.Token);
        if (!options.NoBrowser)
        {
            await new BrowserProbe(server.Url, board, options, Queries(day)).RunAsync(stop.Token);
        }

        if (options.Dir is null)
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    private static async Task<DayOfHistory> FillAsync(string path, Options options, CancellationToken cancellationToken)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + ".end" })
        {
            File.Delete(file);
        }

        var end = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var day = new DayOfHistory(options.Targets, end);
        Console.WriteLine($"fill: {options.Targets:N0} targets, a day to {end:u}: {options.Targets - 1:N0} every 5 min (288 samples each), " +
            $"{day.Fast.Name} every 10 s (8,640); {day.SampleCount:N0} samples in batches of {StoreFill.BatchSize:N0}; {path}");
        var fill = await StoreFill.FillAsync(path, day, cancellationToken);
        Console.WriteLine($"  {fill.Samples:N0} samples and {fill.Events:N0} events in {fill.Batches:N0} writes: {fill.Elapsed.TotalSeconds:F1} s " +
            $"({fill.Writing.TotalSeconds:F1} s in WriteAsync, {fill.Samples / fill.Writing.TotalSeconds:N0} samples/s); " +
            $"file {fill.FileBytes / 1e6:F1} MB ({(double)fill.FileBytes / fill.Samples:F1} B/sample)");
        await File.WriteAllTextAsync(path + ".end", end.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), cancellationToken);
        return day;
    }

    private static async Task TimeApiAsync(Uri url, DayOfHistory day, Options options, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var api = new ApiTimings(http);
        var fast = Uri.EscapeDataString(day.Fast.Name);
        var samplesPath = $"/api/targets/{fast}/samples?from={day.Start.ToUnixTimeMilliseconds()}&to={day.End.ToUnixTimeMilliseconds()}";
        var (firstMs, firstBody) = await api.GetAsync(samplesPath, cancellationToken);
        var count = JsonDocument.Parse(firstBody).RootElement.GetProperty("samples").GetArrayLength();
        Console.WriteLine($"api: GET {samplesPath} (its day: {count:N0} samples, {firstBody.Length / 1e6:F2} MB of JSON): first {firstMs:F1} ms");
        var samples = await api.TimeAsync(samplesPath, options.Runs, json =>
        {
            if (json.GetProperty("samples").GetArrayLength() != count || json.GetProperty("truncated").GetBoolean())
            {
                throw new InvalidOperationException("the day of samples changed between runs");
            }
        }, cancellationToken);
        Console.WriteLine($"  then {Stats.Summary(samples)}");

        // The first answer for a window reads each row's last 60 samples from the store for its sparkline; later
        // ones find them in memory. Cold: windows never asked for (offsets 100, 200, …); warm: one window again.
        // Offset 0 is left cold for the browser's first visit.
        void Hundred(JsonElement json)
        {
            if (json.GetProperty("items").GetArrayLength() != 100 || json.GetProperty("total").GetInt32() != day.Profiles.Count)
            {
                throw new InvalidOperationException("GET /api/targets?limit=100 did not answer 100 of every target");
            }
        }

        var middle = day.Profiles.Count / 200 * 100;
        var cold = await api.TimeAsync(run => $"/api/targets?offset={(run + 1) * 100}&limit=100", Math.Min(options.Runs, middle / 100 - 1), Hundred, cancellationToken);
        Console.WriteLine($"api: GET /api/targets?offset=N&limit=100, a window not asked for before (sparklines read from the store): {Stats.Summary(cold)}");
        var warm = await api.TimeAsync($"/api/targets?offset={middle}&limit=100", options.Runs + 1, Hundred, cancellationToken);
        Console.WriteLine($"api: GET /api/targets?offset={middle}&limit=100, again (its sparklines in memory; first run dropped): {Stats.Summary(warm.Skip(1).ToList())}");
        var search = await api.TimeAsync("/api/targets?q=obs-01&limit=100", options.Runs + 1, _ => { }, cancellationToken);
        Console.WriteLine($"api: GET /api/targets?q=obs-01&limit=100 (a search: every name scanned; first run dropped): {Stats.Summary(search.Skip(1).ToList())}");
    }

    // Where the samples answer's time goes: the store's read of the day, then its JSON, in process (no HTTP).
    private static async Task TimeStoreReadAsync(SqliteSampleStore store, DayOfHistory day, Options options, CancellationToken cancellationToken)
    {
        var reads = new List<double>();
        var writes = new List<double>();
        for (var run = 0; run < options.Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            var samples = new List<Gleaner.Watching.Sample>();
            await foreach (var sample in store.ReadSamplesAsync(day.Fast.Name, day.Start, day.End, cancellationToken))
            {
                samples.Add(sample);
            }

            reads.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await using (var json = new Utf8JsonWriter(Stream.Null))
            {
                json.WriteStartArray();
                foreach (var sample in samples)
                {
                    SamplesApi.Write(json, sample);
                }

                json.WriteEndArray();
            }

            writes.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"  of which the store's read (ReadSamplesAsync of the same day, in process): {Stats.Summary(reads)}");
        Console.WriteLine($"  and its JSON (each sample written as SamplesApi writes it, in process): {Stats.Summary(writes)}");
    }

    // Searches that match a few rows each: real names less their last digit, and one that matches a couple of hundred.
    private static List<string> Queries(DayOfHistory day) =>
        [.. QueryTargets.Where(i => i < day.Profiles.Count).Select(i => day.Profiles[i].Name[..^1]), "obs-01"];

    private static void Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
        Console.WriteLine($"machine: {cpu ?? "?"}, {Environment.ProcessorCount} logical CPUs; .NET {Environment.Version}; load average {load}");
    }

    /// <summary>The command line, validated once.</summary>
    public sealed record Options
    {
        public int Targets { get; init; } = 10_000;

        public int Runs { get; init; } = 20;

        public int BrowserRuns { get; init; } = 7;

        public int FeedRate { get; init; } = 1_000;

        public int FeedSeconds { get; init; } = 30;

        public string? Dir { get; init; }

        public bool NoBrowser { get; init; }

        /// <summary>Serve the store a run with the same --dir filled, rather than filling it again.</summary>
        public bool Reuse { get; init; }

        public string Chromium { get; init; } = "/usr/bin/chromium";

        public static Options? Parse(string[] args)
        {
            var o = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                var next = i + 1 < args.Length ? args[i + 1] : null;
                int Number(int min, int max) => int.TryParse(next, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                    ? n : throw new ArgumentException($"{args[i]}: expected {min}..{max}");
                try
                {
                    o = args[i] switch
                    {
                        "--targets" => o with { Targets = Number(1_000, 100_000) },
                        "--runs" => o with { Runs = Number(1, 1000) },
                        "--browser-runs" => o with { BrowserRuns = Number(1, 100) },
                        "--feed-rate" => o with { FeedRate = Number(1, 100_000) },
                        "--feed-seconds" => o with { FeedSeconds = Number(1, 600) },
                        "--dir" => o with { Dir = next ?? throw new ArgumentException("--dir: expected a folder") },
                        "--chromium" => o with { Chromium = next ?? throw new ArgumentException("--chromium: expected a path") },
                        "--no-browser" => o with { NoBrowser = true },
                        "--reuse" => o with { Reuse = true },
                        _ => throw new ArgumentException($"{args[i]}: unknown option"),
                    };
                }
                catch (ArgumentException e)
                {
                    Console.Error.WriteLine(e.Message);
                    return null;
                }

                i += args[i] is "--no-browser" or "--reuse" ? 0 : 1;
            }

            return o;
        }
    }
}
