using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Gleaner.Simulator;
using Gleaner.Simulator.Weather;
using Gleaner.Tests.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace Gleaner.Tests.Cli;

/// <summary>
/// The binary users install: <c>dotnet publish src/Gleaner.Cli</c> compiles gleaner ahead of time (native AOT), where
/// code that leans on reflection or run-time code generation breaks while the JIT build works. Publishes once, then
/// runs every command kind and every extractor, output and state through the native binary.
/// </summary>
[Collection(nameof(NativeBinaryTests))]
[CollectionDefinition(nameof(NativeBinaryTests), DisableParallelization = true)]
public sealed class NativeBinaryTests : IAsyncLifetime
{
    // The simulator's weather clock stands still, so its pages show known values (see HostileThousandTests).
    private static readonly DateTimeOffset WeatherNow = new(2025, 1, 21, 13, 37, 0, TimeSpan.Zero);
    private static readonly string NycF = WeatherReading.Format(WeatherModel.TemperatureF("nyc", WeatherNow));
    private static readonly string NycC = WeatherReading.Format(WeatherModel.TemperatureC("nyc", WeatherNow));
    private static readonly string DenF = WeatherReading.Format(WeatherModel.TemperatureF("den", WeatherNow));
    private string _dir = null!;
    private string _gleaner = null!;
    private HostileSimulator _sim = null!;
    private LoopbackServer _pages = null!;

    public async ValueTask InitializeAsync()
    {
        // Without a C compiler the publish cannot link; that is the machine, not Gleaner, so these tests say so
        // and skip (before making anything: a skipped test is not disposed). CI installs one, and there they run.
        var toolchain = await NativeToolchain.FindAsync(Environment.GetEnvironmentVariable("PATH"));
        Assert.SkipUnless(toolchain.Present, $"the native binary cannot be built here: {toolchain.Problem}");
        _dir = Directory.CreateTempSubdirectory("gleaner-native-").FullName;
        _gleaner = await PublishAsync(Path.Combine(_dir, "bin"));
        _sim = await HostileSimulator.StartAsync(new SimulatorOptions { Time = new PinnedWallClock(WeatherNow) });
        var page = Fixtures.Path("weather", "nws-mapclick-html", "mapclick_KPDX_2017-03-01_our-data.html");
        _pages = await LoopbackServer.StartAsync(app => app.MapGet("/page.html", () => Results.File(page, "text/html")));
    }

    public async ValueTask DisposeAsync()
    {
        await _pages.DisposeAsync();
        await _sim.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Get_EveryExtractorKind_SameValuesAsTheJitBuild()
    {
        var html = _pages.Url("/page.html").ToString();
        var json = _sim.Url("/weather/nyc.json").ToString();
        var xml = _sim.Url("/weather/den.xml").ToString();

        Assert.Equal((0, "45\n"), await GetAsync(html, "--css", "p.myforecast-current-lrg", "--regex", @"(-?\d+)"));
        Assert.Equal((0, "45°F\n"), await GetAsync(html, "--xpath", "//p[@class='myforecast-current-lrg']"));
        Assert.Equal((0, $"{NycC}\n"), await GetAsync(json, "--jsonpath", "$.properties.temperature.value", "--type", "number"));
        Assert.Equal((0, $"{NycC}\n"), await GetAsync(json, "--jsonpointer", "/properties/temperature/value"));
        Assert.Equal((0, $"{DenF}\n"), await GetAsync(xml, "--xpath", "//temp_f"));
    }

    [Fact]
    public async Task Get_FormatJson_PrintsTheRecord()
    {
        var run = await RunAsync("get", _sim.Url("/redirect/chain-3").ToString(), "--css", "p.myforecast-current-lrg",
            "--regex", @"(-?\d+(?:\.\d+)?)", "--type", "number", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var record = JsonDocument.Parse(run.Stdout);
        Assert.Equal("ok", record.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(3, record.RootElement.GetProperty("redirects").GetArrayLength());
    }

    [Fact]
    public async Task Run_YamlJobWithStateAndCsv_RecordsEveryTargetOnceAcrossTwoRuns()
    {
        var job = Path.Combine(_dir, "weather.yaml");
        File.WriteAllText(job, $"""
            defaults:
              timeout: 5s
            targets:
              - name: nyc
                url: {_sim.Url("/weather/nyc.html")}
                extract: [ {"{"} css: "p.myforecast-current-lrg" {"}"}, {"{"} regex: '(-?\d+(?:\.\d+)?)\s*°F' {"}"} ]
                value: {"{"} type: number, unit: F, min: -80, max: 140 {"}"}
              - name: nyc-api
                url: {_sim.Url("/weather/nyc.json")}
                extract: {"{"} jsonpath: "$.properties.temperature.value" {"}"}
                value: {"{"} type: number, unit: C {"}"}
              - name: gone
                url: {_sim.Url("/status/404")}
            """);
        var (csv, state) = (Path.Combine(_dir, "out.csv"), Path.Combine(_dir, "state.db"));

        var first = await RunAsync("run", job, "--ignore-robots", "--out", csv, "--state", state);
        var second = await RunAsync("run", job, "--ignore-robots", "--out", csv, "--state", state);

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Contains("resuming: 3 of 3 targets already done", second.Stderr, StringComparison.Ordinal);
        var rows = File.ReadAllLines(csv).Skip(1).Select(line => line.Split(',')).OrderBy(r => r[0], StringComparer.Ordinal).ToList();
        Assert.Equal(["gone:http_status:", $"nyc:ok:{NycF}", $"nyc-api:ok:{NycC}"], rows.Select(r => $"{r[0]}:{r[3]}:{r[4]}"));
        await using var db = new SqliteConnection($"Data Source={state};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3L, await new SqliteCommand("SELECT count(*) FROM records", db).ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Run_BadJob_ListsEveryProblemAndRunsNothing()
    {
        var job = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(job, "targets:\n  - name: x\n    url: nope\n    timout: 3s\n");

        var run = await RunAsync("run", job);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            [$"{job}:3:10: url: URL 'nope' is not absolute; write it as http://host/… or https://host/….",
             $"{job}:4:5: unknown key 'timout' in target 'x'; did you mean 'timeout'?",
             "2 problem(s); nothing was run."],
            run.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Demo_EveryHostileTargetEndsAsExpected()
    {
        var run = await RunAsync("demo");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Every target ended as expected.", run.Stdout.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sim_Sigterm_StopsTheSimulatorAndExitsZero()
    {
        var start = new ProcessStartInfo(_gleaner, "sim") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var sim = Process.Start(start)!;
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var banner = await sim.StandardOutput.ReadLineAsync(patience.Token);
            Assert.StartsWith("Gleaner simulator on http://127.0.0.1:", banner, StringComparison.Ordinal);
            var stdout = sim.StandardOutput.ReadToEndAsync(patience.Token);
            var stderr = sim.StandardError.ReadToEndAsync(patience.Token);

            using (var kill = Process.Start("kill", ["-TERM", sim.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(patience.Token);
            }

            await sim.WaitForExitAsync(patience.Token);
            await stdout;
            Assert.Equal(0, sim.ExitCode);
            Assert.Equal("stopping the simulator\n", await stderr);
        }
        finally
        {
            if (!sim.HasExited)
            {
                sim.Kill(entireProcessTree: true);
            }
        }
    }

    private async Task<(int, string)> GetAsync(string url, params string[] rule)
    {
        var run = await RunAsync(["get", url, .. rule]);
        return (run.ExitCode, run.Stdout);
    }

    private async Task<GleanerProcess.Run> RunAsync(params string[] args) => await ProcessRunner.RunAsync(_gleaner, args, TimeSpan.FromSeconds(60));

    private static async Task<string> PublishAsync(string output)
    {
        var project = Path.Combine(RepositoryRoot(), "src", "Gleaner.Cli");
        var publish = await ProcessRunner.RunAsync("dotnet", ["publish", project, "-o", output, "-nologo"], TimeSpan.FromMinutes(10));
        var binary = Path.Combine(output, "gleaner");
        Assert.True(publish.ExitCode == 0 && File.Exists(binary), $"dotnet publish failed ({publish.ExitCode}):\n{publish.Stdout}\n{publish.Stderr}");
        return binary;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gleaner.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Gleaner.slnx in any parent of {AppContext.BaseDirectory}");
    }
}
