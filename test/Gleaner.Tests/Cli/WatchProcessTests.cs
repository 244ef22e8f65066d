using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gleaner.Tests.Cli;

/// <summary>
/// <c>gleaner watch</c> as a user runs it: a process sampling a real server every second, stopped by SIGTERM,
/// started again, and its store read back with <c>gleaner export</c>.
/// </summary>
public sealed class WatchProcessTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gleaner-watch-").FullName;
    private readonly Lock _gate = new();
    private WebApplication _app = null!;
    private int _answered;
    private int _notModified;
    private (int Count, TaskCompletionSource Reached)? _wait;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        _app = builder.Build();
        // The reading goes up by one every third request; its ETag is the reading, so two of three requests get a 304.
        var requests = 0;
        _app.MapGet("/reading", (HttpContext context) =>
        {
            var reading = Interlocked.Increment(ref requests) / 3;
            var etag = $"\"{reading}\"";
            var result = context.Request.Headers.IfNoneMatch.ToString() == etag ? Results.StatusCode(304) : Results.Text($"reading {reading} F");
            context.Response.Headers.ETag = etag;
            context.Response.OnCompleted(() =>
            {
                Answered(context.Response.StatusCode == 304);
                return Task.CompletedTask;
            });
            return result;
        });
        await _app.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Watch_StoppedAndStartedAgain_KeepsEverySampleAndItsSchedule()
    {
        var job = Path.Combine(_dir, "watch.yaml");
        var store = Path.Combine(_dir, "watch.db");
        File.WriteAllText(job, $$"""
            defaults:
              every: 1s
              robots: false
            targets:
              - name: reading
                url: {{_app.Urls.Single()}}/reading
                extract: { regex: '(\d+) F' }
                value: { type: integer, unit: F }
            """);

        var first = await WatchUntilAsync(job, store, answered: 4);
        var second = await WatchUntilAsync(job, store, answered: 7);
        var export = await GleanerProcess.RunAsync("export", "--store", store, "--format", "jsonl");

        Assert.True(first.ExitCode == 143, first.Stderr);
        Assert.True(second.ExitCode == 143, second.Stderr);
        Assert.True(export.ExitCode == 0, export.Stderr);
        var samples = export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        // Every answer the server gave is a sample in the store: nothing in flight at a stop was lost.
        Assert.Equal(Volatile.Read(ref _answered), samples.Count);
        Assert.Equal(Volatile.Read(ref _notModified), samples.Count(s => s.GetProperty("not_modified").GetBoolean()));
        Assert.All(samples, s => Assert.Equal(("reading", "ok", "F"), (s.GetProperty("name").GetString(), s.GetProperty("outcome").GetString(), s.GetProperty("unit").GetString())));
        // The value is the server's reading: each 304 repeats the last one, each change is marked.
        var values = samples.Select(s => int.Parse(s.GetProperty("value").ToString(), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(values.Order(), values);
        Assert.Equal(values.Zip(values.Skip(1), (a, b) => a != b).Prepend(false), samples.Select(s => s.GetProperty("changed").GetBoolean()));
        // One schedule across both processes: every due time is a whole number of seconds after the first.
        var dues = samples.Select(s => DateTimeOffset.Parse(s.GetProperty("due").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.All(dues.Zip(dues.Skip(1)), pair =>
        {
            var step = pair.Second - pair.First;
            Assert.True(step >= TimeSpan.FromSeconds(1) && step.Ticks % TimeSpan.TicksPerSecond == 0, $"{pair.First:O} then {pair.Second:O}");
        });
    }

    // Runs the watch until the server has answered this many requests in all, then sends it SIGTERM.
    private async Task<GleanerProcess.Run> WatchUntilAsync(string job, string store, int answered)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _wait = (answered, reached);
        }

        return await GleanerProcess.RunAsync(
            p => _ = reached.Task.ContinueWith(
                _ => Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit(), TaskScheduler.Default),
            "watch", job, "--store", store);
    }

    private void Answered(bool notModified)
    {
        if (notModified)
        {
            Interlocked.Increment(ref _notModified);
        }

        var count = Interlocked.Increment(ref _answered);
        lock (_gate)
        {
            if (_wait is { } wait && count >= wait.Count)
            {
                wait.Reached.TrySetResult();
            }
        }
    }
}
