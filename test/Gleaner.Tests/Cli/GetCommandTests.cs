using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gleaner.Simulator;
using Gleaner.Tests.Conformance;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Cli;

/// <summary><c>gleaner get</c> as a user runs it: what it prints, on which stream, and its exit code.</summary>
public sealed class GetCommandTests : IAsyncLifetime
{
    // The temperature paragraph of /content/terminal-escapes, as extracted and as gleaner shows it.
    private const string RawEscapes = "\u001b]0;owned\u0007\u001b[2J\u009b31m\u007f\u202e66.9°F";
    private const string ShownEscapes = "\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\x7f\\u202e66.9°F";

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
        // The simulator is plain http: HTTP/2 is offered only over TLS.
        Assert.Equal("1.1", root.GetProperty("http_version").GetString());
        Assert.Equal(3, root.GetProperty("redirects").GetArrayLength());
        Assert.True(root.GetProperty("bytes").GetProperty("decoded").GetInt64() > 0);
        foreach (var phase in new[] { "dns_ms", "connect_ms", "tls_ms", "headers_ms", "body_ms", "total_ms" })
        {
            Assert.True(root.GetProperty("timings").TryGetProperty(phase, out _), phase);
        }

        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
    }

    [Theory]
    [InlineData("/content/no-temperature", "10s", 1, @"no_match: regex '(-?\d+(?:\.\d+)?)\s*°?\s*F' matched nothing")]
    [InlineData("/content/absurd-temperature", "10s", 1, "invalid_value: 999.9 is above max 140")]
    [InlineData("/status/404", "10s", 3, "http_status: HTTP 404 Not Found")]
    [InlineData("/protocol/ssh-banner", "10s", 3, "protocol: not a valid HTTP response: Received an invalid status line: 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5'.")]
    [InlineData("/slow/never", "1s", 3, "deadline: no result within the total deadline of 1s")]
    [InlineData("/compression/gzip-bomb", "10s", 3, "decompression_limit: the body decodes to more than 2MiB (N bytes on the wire so far)")]
    [InlineData("/redirect/to-metadata", "10s", 4, "blocked: redirect to http://169.254.169.254/latest/meta-data/: 169.254.169.254 is link-local (cloud metadata), which the address policy blocks")]
    [InlineData("/redirect/to-file", "10s", 4, "blocked: redirect to a file: URL (file:///etc/passwd) is not followed; only http and https are")]
    public async Task Get_Failure_PrintsOneLineWithItsNameAndExitsWithItsCode(string path, string timeout, int exitCode, string message)
    {
        var url = _sim.Url(path).ToString();

        // A short deadline only where the deadline is the failure: a bomb on a busy machine may need longer than 1 s.
        var run = await GleanerProcess.RunAsync("get", url, "--regex", @"(-?\d+(?:\.\d+)?)\s*°?\s*F", "--type", "number", "--max", "140", "--timeout", timeout);

        // How much of a bomb is on the wire when the decoded cap fires depends on timing.
        var stderr = Regex.Replace(run.Stderr, @"\(\d+ bytes on the wire", "(N bytes on the wire");
        Assert.Equal((exitCode, "", $"{message} ({url})\n"), (run.ExitCode, run.Stdout, stderr));
    }

    [Theory]
    [InlineData("--regex", "(?<=a)b", "usage: invalid regex rule '(?<=a)b' at position 0: not supported in linear-time matching: RegexOptions.NonBacktracking is not supported in conjunction with expressions containing: 'positive lookahead (?= pattern) or positive lookbehind (?<= pattern)'.")]
    [InlineData("--jsonpath", "$.a[?@.b ==]", "usage: invalid jsonpath rule '$.a[?@.b ==]' at position 11: expected a literal, a query or a function but found ']'")]
    [InlineData("--timeout", "forever", "usage: --timeout 'forever' is not a duration (examples: 10s, 500ms, 2m, 1h)")]
    [InlineData("--type", "color", "usage: --type 'color' is not one of number, integer, text, boolean, timestamp")]
    public async Task Get_InvalidRuleOrFlag_ExitsTwoBeforeFetching(string flag, string value, string stderr)
    {
        // Port 9 (discard) on loopback: if Gleaner fetched, it would fail differently; usage errors come first.
        var run = await GleanerProcess.RunAsync("get", "http://127.0.0.1:9/", flag, value);

        Assert.Equal((2, "", stderr + "\n"), (run.ExitCode, run.Stdout, run.Stderr));
    }

    [Theory]
    [InlineData("file:///etc/passwd", "usage: Scheme 'file:' is not supported; Gleaner fetches only http and https URLs.")]
    [InlineData("http://user:secret@example.com/", "usage: URL contains credentials (user:password@); credentials in URLs are not sent, so remove them.")]
    [InlineData("nope", "usage: URL 'nope' is not absolute; write it as http://host/… or https://host/….")]
    [InlineData("\u001b[2Jx:y", "usage: URL '\\u001B[2Jx:y' is not absolute; write it as http://host/… or https://host/….")]
    public async Task Get_UrlNotAllowed_ExitsTwoAndNamesTheProblem(string url, string stderr)
    {
        var run = await GleanerProcess.RunAsync("get", url);

        Assert.Equal((2, "", stderr + "\n"), (run.ExitCode, run.Stdout, run.Stderr));
    }

    [Fact]
    public async Task Get_PageWithTerminalControls_PrintsTheValueEscaped()
    {
        var run = await GleanerProcess.RunAsync("get", _sim.Url("/content/terminal-escapes").ToString(), "--regex", "<p class=\"myforecast-current-lrg\">([^<]*)</p>");

        Assert.Equal((0, ShownEscapes + "\n", ""), (run.ExitCode, run.Stdout, run.Stderr));
    }

    [Fact]
    public async Task Get_PageWithTerminalControls_JsonEscapesThemAndKeepsTheValue()
    {
        var run = await GleanerProcess.RunAsync("get", _sim.Url("/content/terminal-escapes").ToString(), "--css", "p.myforecast-current-lrg", "--format", "json");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Contains("\"value\":\"\\u001B]0;owned\\u0007\\u001B[2J\\u009B31m\\u007F\\u202E66.9°F\",", run.Stdout, StringComparison.Ordinal);
        var line = run.Stdout.TrimEnd('\n');
        Assert.Same(line, DisplayText.Escape(line));
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(RawEscapes, json.RootElement.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Get_PageWithTerminalControls_InvalidValueQuotesThemEscaped()
    {
        var url = _sim.Url("/content/terminal-escapes");

        var run = await GleanerProcess.RunAsync("get", url.ToString(), "--css", "p.myforecast-current-lrg", "--type", "number");

        Assert.Equal((1, "", $"invalid_value: '{ShownEscapes}' is not a number ({url})\n"), (run.ExitCode, run.Stdout, run.Stderr));
    }

    [Fact]
    public async Task Get_ReasonPhraseWithTerminalControls_IsQuotedEscaped()
    {
        var reply = "HTTP/1.1 503 \u001b]0;owned\u0007\u009b2J\u007f\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await using var server = RawReplayServer.Start(_ => new ReplayReply(Encoding.Latin1.GetBytes(reply)));

        var run = await GleanerProcess.RunAsync("get", server.BaseUri.ToString());

        Assert.Equal((3, "", $"http_status: HTTP 503 \\x1b]0;owned\\x07\\x9b2J\\x7f ({server.BaseUri})\n"), (run.ExitCode, run.Stdout, run.Stderr));
    }

    [Fact]
    public async Task Get_RedirectLocationWithTerminalControls_IsQuotedEscaped()
    {
        var reply = "HTTP/1.1 302 Found\r\nLocation: gopher://example.test/\u001b]0;owned\u0007\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await using var server = RawReplayServer.Start(_ => new ReplayReply(Encoding.Latin1.GetBytes(reply)));

        var run = await GleanerProcess.RunAsync("get", server.BaseUri.ToString());

        Assert.Equal(
            (4, "", $"blocked: redirect to a gopher: URL (gopher://example.test/\\x1b]0;owned\\x07) is not followed; only http and https are ({server.BaseUri})\n"),
            (run.ExitCode, run.Stdout, run.Stderr));
    }

    [Theory]
    [InlineData("-INT", 130)]
    [InlineData("-TERM", 143)]
    public async Task Get_SignalledWhileWaiting_PrintsCancelledAndExitsBySignal(string signal, int exitCode)
    {
        var url = _sim.Url($"/slow/never?signal={signal}");
        var arrived = Task.Run(async () =>
        {
            // The signal goes once the simulator has read the request, so the fetch is really in flight.
            while (!_sim.Traffic().Any(t => t.Target == $"/slow/never?signal={signal}"))
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken);

        var run = await GleanerProcess.RunAsync(
            p => _ = arrived.ContinueWith(_ => System.Diagnostics.Process.Start("kill", [signal, p.Id.ToString()])!.WaitForExit(), TaskScheduler.Default),
            "get", url.ToString(), "--format", "json");

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal($"cancelled: interrupted before the fetch finished ({url})\n", run.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(run.Stdout);
        Assert.Equal("cancelled", json.RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Get_UnknownFlag_IsAUsageError()
    {
        var run = await GleanerProcess.RunAsync("get", "http://127.0.0.1:9/", "--colour", "red");

        Assert.Equal(
            (2, "", "usage: Unrecognized command or argument '--colour'.\nusage: Unrecognized command or argument 'red'.\nRun 'gleaner --help' for the commands and their options.\n"),
            (run.ExitCode, run.Stdout, run.Stderr));
    }
}
