using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace Gleaner.Tests.Cli;

/// <summary><c>gleaner run</c> as a user runs it: outputs, errors, and nothing lost across kill -9 and Ctrl-C.</summary>
public sealed class RunCommandTests : IAsyncLifetime
{
    private const int Pages = 1500;
    private readonly string _dir = Directory.CreateTempSubdirectory("gleaner-run-").FullName;
    private LoopbackServer _server = null!;
    private int _served;
    private TaskCompletionSource _servedEnough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _enough = int.MaxValue;

    public async ValueTask InitializeAsync() =>
        _server = await LoopbackServer.StartAsync(app => app.MapGet("/p/{n:int}", async (int n, HttpContext c) =>
        {
            // A little latency, so a run of 1,500 pages is still going when the test interrupts it.
            await Task.Delay(2, c.RequestAborted);
            if (Interlocked.Increment(ref _served) == Volatile.Read(ref _enough))
            {
                _servedEnough.TrySetResult();
            }

            return Results.Text($"<p>Temperature {n % 100}.5 F</p>", "text/html");
        }));

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string UrlList()
    {
        var path = Path.Combine(_dir, "urls.txt");
        File.WriteAllLines(path, ["# pages on a loopback server", .. Enumerable.Range(0, Pages).Select(i => _server.Url($"/p/{i}").ToString())]);
        return path;
    }

    private string[] RunArgs(string urls, string output, string state) =>
        ["run", "--urls", urls, "--regex", @"(-?\d+(?:\.\d+)?) F", "--type", "number", "--per-host", "8", "--ignore-robots", "--out", output, "--state", state];

    private void InterruptAfter(int served)
    {
        _servedEnough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _enough, Volatile.Read(ref _served) + served);
    }

    private static void AssertEachPageExactlyOnce(IEnumerable<(string Url, double? Value)> records)
    {
        var list = records.ToList();
        Assert.Equal(Pages, list.Count);
        Assert.Equal(Pages, list.Select(r => r.Url).Distinct().Count());
        Assert.All(list, r => Assert.Equal(int.Parse(r.Url[(r.Url.LastIndexOf('/') + 1)..]) % 100 + 0.5, r.Value));
    }

    private static List<(string Url, double? Value)> ReadJsonl(string path) =>
        File.ReadLines(path).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var value = json.RootElement.GetProperty("value");
            return (json.RootElement.GetProperty("url").GetString()!, value.ValueKind == JsonValueKind.Number ? value.GetDouble() : (double?)null);
        }).ToList();

    [Fact]
    public async Task Run_KilledMidway_ResumesWithEveryTargetExactlyOnce()
    {
        var (urls, output, state) = (UrlList(), Path.Combine(_dir, "out.jsonl"), Path.Combine(_dir, "state.db"));
        InterruptAfter(300);

        var killed = await GleanerProcess.RunAsync(
            p => _ = _servedEnough.Task.ContinueWith(_ => p.Kill(entireProcessTree: true), TaskScheduler.Default),
            RunArgs(urls, output, state));
        var partial = File.ReadLines(output).Count();
        var resumed = await GleanerProcess.RunAsync(RunArgs(urls, output, state));

        Assert.Equal(137, killed.ExitCode);
        Assert.InRange(partial, 0, Pages - 1);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("resuming: ", resumed.Stderr, StringComparison.Ordinal);
        AssertEachPageExactlyOnce(ReadJsonl(output));
    }

    [Fact]
    public async Task Run_Interrupted_FlushesWhatFinishedExits130AndResumes()
    {
        var (urls, output, state) = (UrlList(), Path.Combine(_dir, "out.jsonl"), Path.Combine(_dir, "state.db"));
        InterruptAfter(300);

        var interrupted = await GleanerProcess.RunAsync(
            p => _ = _servedEnough.Task.ContinueWith(_ => Process.Start("kill", ["-INT", p.Id.ToString()])!.WaitForExit(), TaskScheduler.Default),
            RunArgs(urls, output, state));
        var stopped = ReadJsonl(output);
        var resumed = await GleanerProcess.RunAsync(RunArgs(urls, output, state));

        Assert.Equal(130, interrupted.ExitCode);
        Assert.Contains("interrupted: ", interrupted.Stderr, StringComparison.Ordinal);
        Assert.InRange(stopped.Count, 300, Pages - 1);
        Assert.Equal(stopped.Count, stopped.Select(r => r.Url).Distinct().Count());
        Assert.Equal(0, resumed.ExitCode);
        AssertEachPageExactlyOnce(ReadJsonl(output));
    }

    [Fact]
    public async Task Run_JobFileToCsvAndSqlite_WritesOneRecordPerTarget()
    {
        var job = Path.Combine(_dir, "job.yaml");
        File.WriteAllText(job, $$"""
            defaults:
              timeout: 5s
              robots: false
            targets:
              - name: first
                url: {{_server.Url("/p/7")}}
                extract: { regex: '(-?\d+(?:\.\d+)?) F' }
                value: { type: number, unit: F, min: -80, max: 140 }
              - name: missing
                url: {{_server.Url("/nope")}}
            """);
        var csv = Path.Combine(_dir, "out.csv");
        var db = Path.Combine(_dir, "out.db");

        var toCsv = await GleanerProcess.RunAsync("run", job, "--out", csv);
        var toDb = await GleanerProcess.RunAsync("run", job, "--out", db);

        Assert.Equal((0, ""), (toCsv.ExitCode, toCsv.Stdout));
        var lines = File.ReadAllLines(csv);
        Assert.Equal("name,url,final_url,outcome,value,unit,status,attempts,at,error,total_ms,wire_bytes,decoded_bytes,redirects", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"first,{_server.Url("/p/7")},{_server.Url("/p/7")},ok,7.5,F,200,1,", lines.Single(l => l.StartsWith("first,", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(",http_status,", lines.Single(l => l.StartsWith("missing,", StringComparison.Ordinal)), StringComparison.Ordinal);

        Assert.Equal(0, toDb.ExitCode);
        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT name, outcome, value FROM results ORDER BY name";
        using var reader = query.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(("first", "ok", 7.5), (reader.GetString(0), reader.GetString(1), reader.GetDouble(2)));
        Assert.True(reader.Read());
        Assert.Equal(("missing", "http_status"), (reader.GetString(0), reader.GetString(1)));
        Assert.False(reader.Read());
    }

    [Fact]
    public async Task Run_BadJobFile_ReportsEveryProblemWithFileLineColumnAndRunsNothing()
    {
        var job = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(job, $$"""
            defaults:
              timout: 5s
            targets:
              - name: a
                url: ftp://example.com/x
                extract: { regex: '(?<=x)1' }
            """);
        var served = Volatile.Read(ref _served);

        var run = await GleanerProcess.RunAsync("run", job);

        Assert.Equal(2, run.ExitCode);
        var errors = run.Stderr.TrimEnd('\n').Split('\n');
        Assert.StartsWith($"{job}:2:3: unknown key 'timout'", errors[0], StringComparison.Ordinal);
        Assert.StartsWith($"{job}:5:10: url: ", errors[1], StringComparison.Ordinal);
        Assert.StartsWith($"{job}:6:", errors[2], StringComparison.Ordinal);
        Assert.Equal("3 problem(s); nothing was run.", errors[^1]);
        Assert.Equal(served, Volatile.Read(ref _served));
    }

    [Theory]
    [InlineData(new[] { "run" }, "usage: give a job file")]
    [InlineData(new[] { "run", "job.yaml", "--urls", "u.txt" }, "usage: give a job file")]
    [InlineData(new[] { "run", "--urls", "/nonexistent/urls.txt" }, "/nonexistent/urls.txt")]
    public async Task Run_WrongInvocation_IsAUsageError(string[] args, string stderrStart)
    {
        var run = await GleanerProcess.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(stderrStart, run.Stderr, StringComparison.Ordinal);
    }
}
