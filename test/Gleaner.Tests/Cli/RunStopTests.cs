using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gleaner.Tests.Cli;

/// <summary>
/// <c>gleaner run</c> stopped by a signal while host lanes outnumber its fetch slots, and two runs on one state.
/// The server listens on 20 loopback addresses, so a run sees 20 hosts.
/// </summary>
public sealed class RunStopTests : IAsyncLifetime
{
    private const int Hosts = 20;
    private const int PagesPerHost = 10;
    private readonly string _dir = Directory.CreateTempSubdirectory("gleaner-stop-").FullName;
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _twoHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _app = null!;
    private int _requests;
    private int _pagesHeld;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            for (var i = 1; i <= Hosts; i++)
            {
                k.Listen(new IPAddress([127, 0, 4, (byte)i]), 0);
            }
        });
        _app = builder.Build();
        _app.MapGet("/robots.txt", () => { Interlocked.Increment(ref _requests); return "User-agent: *\nAllow: /\n"; });
        // Pages are held until the test opens the gate: the first two fill the run's two fetch slots.
        _app.MapGet("/p/{n:int}", async (int n, HttpContext c) =>
        {
            Interlocked.Increment(ref _requests);
            if (!_open.Task.IsCompleted && Interlocked.Increment(ref _pagesHeld) == 2)
            {
                _twoHeld.TrySetResult();
            }

            await _open.Task.WaitAsync(c.RequestAborted);
            return $"<p>{n} F</p>";
        });
        await _app.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _open.TrySetResult();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string UrlList()
    {
        var addresses = _app.Urls.Select(u => new Uri(u)).OrderBy(u => u.Host, StringComparer.Ordinal).ToList();
        var path = Path.Combine(_dir, "urls.txt");
        File.WriteAllLines(path, Enumerable.Range(0, Hosts * PagesPerHost).Select(i => new Uri(addresses[i % Hosts], $"/p/{i}").ToString()));
        return path;
    }

    private string[] RunArgs(string urls, string output, string state) =>
        ["run", "--urls", urls, "--regex", @"(\d+) F", "--type", "number", "--concurrency", "2", "--per-host", "4",
         "--timeout", "3s", "--headers-timeout", "3s", "--retries", "0", "--out", output, "--state", state];

    private static List<int> Pages(string output) =>
        [.. File.ReadLines(output).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var url = json.RootElement.GetProperty("url").GetString()!;
            return int.Parse(url[(url.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        })];

    [Fact]
    public async Task Run_SigtermWithLanesWaitingForSlots_SendsNothingMoreExits143AndResumes()
    {
        var (urls, output, state) = (UrlList(), Path.Combine(_dir, "out.jsonl"), Path.Combine(_dir, "state.db"));
        var sentAtSignal = -1;

        // 20 hosts × 4 lanes wait for 2 slots, both held by pages the server keeps; on SIGTERM those two end by
        // their own 3 s deadline and nothing else may leave.
        var stopped = await GleanerProcess.RunAsync(
            p => _ = _twoHeld.Task.ContinueWith(_ =>
            {
                sentAtSignal = Volatile.Read(ref _requests);
                Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            }, TaskScheduler.Default),
            RunArgs(urls, output, state));
        var sentAfter = Volatile.Read(ref _requests);
        var firstPages = Pages(output);
        _open.SetResult();
        var resumed = await GleanerProcess.RunAsync(RunArgs(urls, output, state));

        Assert.Equal(143, stopped.ExitCode);
        Assert.Equal(sentAtSignal, sentAfter);
        Assert.Equal(2, firstPages.Count);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(Enumerable.Range(0, Hosts * PagesPerHost), Pages(output).Order());
    }

    [Fact]
    public async Task Run_SecondRunOnTheSameState_IsRefusedNamingTheFileAndTheFirstRun()
    {
        var (urls, output, state) = (UrlList(), Path.Combine(_dir, "out.jsonl"), Path.Combine(_dir, "state.db"));
        Task<GleanerProcess.Run>? second = null;
        var firstPid = 0;

        var first = await GleanerProcess.RunAsync(
            p =>
            {
                firstPid = p.Id;
                _ = _twoHeld.Task.ContinueWith(_ =>
                {
                    second = GleanerProcess.RunAsync(RunArgs(urls, Path.Combine(_dir, "other.jsonl"), state));
                    second.ContinueWith(_ => _open.TrySetResult(), TaskScheduler.Default);
                }, TaskScheduler.Default);
            },
            RunArgs(urls, output, state));
        var refused = await second!;

        Assert.True(refused.ExitCode == 2, refused.Stderr);
        // One line: the file, the first run's pid and its command (cut to 160 characters), and what to do.
        var line = Assert.Single(refused.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith($"{state} is in use by another run (pid {firstPid}: dotnet {Path.Combine(AppContext.BaseDirectory, "Gleaner.Cli.dll")} run --urls ", line, StringComparison.Ordinal);
        Assert.EndsWith("...); wait for it to finish or stop it", line, StringComparison.Ordinal);
        Assert.Equal("", refused.Stdout);
        // Refused before its output was opened, so before anything could be fetched for it.
        Assert.False(File.Exists(Path.Combine(_dir, "other.jsonl")));
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(Hosts * PagesPerHost, Pages(output).Count);
    }
}
