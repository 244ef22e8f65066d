using System.Text.Json;
using Gleaner.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Cli;

/// <summary><c>gleaner get</c> as a user runs it: what it prints, on which stream, and its exit code.</summary>
public sealed class GetCommandTests : IAsyncLifetime
{
    private HostileSimulator _sim = null!;
    private LoopbackServer _pages = null!;

    public async ValueTask InitializeAsync()
    {
        _sim = await HostileSimulator.StartAsync(new SimulatorOptions { TrickleInterval = TimeSpan.FromMilliseconds(200) });
        var page = Fixtures.Path("weather", "nws-mapclick-html", "mapclick_KPDX_2017-03-01_our-data.html");
        _pages = await LoopbackServer.StartAsync(app => app.MapGet("/page.html", () => Results.File(page, "text/html")));
    }

    public async ValueTask DisposeAsync()
    {
        await _pages.DisposeAsync();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task Get_SavedKpdxPage_PrintsTheCurrentTemperature()
    {
        var run = await GleanerProcess.RunAsync("get", _pages.Url("/page.html").ToString(), "--css", "p.myforecast-current-lrg", "--regex", @"(-?\d+)");

        Assert.Equal((0, "45\n", ""), (run.ExitCode, run.Stdout, run.Stderr));
    }

    [Fact]
    public async Task Get_FormatJson_PrintsOneObjectWithEveryField()
    {
        var run = await GleanerProcess.RunAsync("get", _sim.Url("/redirect/chain-3").ToString(), "--css", "p.myforecast-current-lrg",
            "--regex", @"(-?\d+(?:\.\d+)?)", "--type", "number", "--unit", "F", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(_sim.Url("/redirect/chain-3").ToString(), root.GetProperty("url").GetString());
        Assert.EndsWith("/weather/nyc.html", root.GetProperty("final_url").GetString(), StringComparison.Ordinal);
        Assert.Equal("ok", root.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("value").ValueKind);
        Assert.Equal("F", root.GetProperty("unit").GetString());
        Assert.Equal(200, root.GetProperty("status").GetInt32());
        Assert.Equal(3, root.GetProperty("redirects").GetArrayLength());
        Assert.True(root.GetProperty("bytes").GetProperty("decoded").GetInt64() > 0);
        foreach (var phase in new[] { "dns_ms", "connect_ms", "tls_ms", "headers_ms", "body_ms", "total_ms" })
        {
            Assert.True(root.GetProperty("timings").TryGetProperty(phase, out _), phase);
        }

        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
    }

    [Theory]
    [InlineData("/content/no-temperature", 1, "no_match: ")]
    [InlineData("/content/absurd-temperature", 1, "invalid_value: 999.9 is above max 140")]
    [InlineData("/status/404", 3, "http_status: HTTP 404")]
    [InlineData("/protocol/ssh-banner", 3, "protocol: ")]
    [InlineData("/slow/never", 3, "deadline: ")]
    [InlineData("/compression/gzip-bomb", 3, "decompression_limit: ")]
    [InlineData("/redirect/to-metadata", 4, "blocked: ")]
    [InlineData("/redirect/to-file", 4, "blocked: redirect to a file: URL")]
    public async Task Get_Failure_PrintsOneLineStartingWithItsNameAndExitsWithItsCode(string path, int exitCode, string stderrStart)
    {
        var url = _sim.Url(path).ToString();

        var run = await GleanerProcess.RunAsync("get", url, "--regex", @"(-?\d+(?:\.\d+)?)\s*°?\s*F", "--type", "number", "--max", "140", "--timeout", "1s");

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith(stderrStart, run.Stderr, StringComparison.Ordinal);
        Assert.EndsWith($"({url})\n", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("--regex", "(?<=a)b", "usage: invalid regex rule '(?<=a)b' at position 0")]
    [InlineData("--jsonpath", "$.a[?@.b ==]", "usage: invalid jsonpath rule '$.a[?@.b ==]' at position")]
    [InlineData("--timeout", "forever", "usage: --timeout 'forever' is not a duration")]
    [InlineData("--type", "color", "usage: --type 'color' is not one of number, integer, text, boolean, timestamp")]
    public async Task Get_InvalidRuleOrFlag_ExitsTwoBeforeFetching(string flag, string value, string stderrStart)
    {
        // Port 9 (discard) on loopback: if Gleaner fetched, it would fail differently; usage errors come first.
        var run = await GleanerProcess.RunAsync("get", "http://127.0.0.1:9/", flag, value);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(stderrStart, run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "usage: URL ")]
    [InlineData("http://user:secret@example.com/", "usage: URL ")]
    public async Task Get_UrlNotAllowed_ExitsTwoAndNamesTheProblem(string url, string stderrStart)
    {
        var run = await GleanerProcess.RunAsync("get", url);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(stderrStart, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_InterruptedWhileWaiting_PrintsCancelledAndExits130()
    {
        var url = _sim.Url("/slow/never");
        var arrived = Task.Run(async () =>
        {
            // The signal goes once the simulator has read the request, so the fetch is really in flight.
            while (!_sim.Traffic().Any(t => t.Target.StartsWith("/slow/never", StringComparison.Ordinal)))
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken);

        var run = await GleanerProcess.RunAsync(
            p => _ = arrived.ContinueWith(_ => System.Diagnostics.Process.Start("kill", ["-INT", p.Id.ToString()])!.WaitForExit(), TaskScheduler.Default),
            "get", url.ToString(), "--format", "json");

        Assert.Equal(130, run.ExitCode);
        Assert.Equal($"cancelled: interrupted before the fetch finished ({url})\n", run.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(run.Stdout);
        Assert.Equal("cancelled", json.RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Get_UnknownFlag_IsAUsageError()
    {
        var run = await GleanerProcess.RunAsync("get", "http://127.0.0.1:9/", "--colour", "red");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("usage: ", run.Stderr, StringComparison.Ordinal);
    }
}
