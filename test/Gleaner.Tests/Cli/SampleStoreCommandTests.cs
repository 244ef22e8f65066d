using System.CommandLine;
using Gleaner.Cli.Commands;
using Gleaner.Storage;
using Gleaner.Storage.Samples;
using Gleaner.Tests.Storage;
using Gleaner.Watching;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Cli;

/// <summary><c>gleaner history</c> and <c>gleaner export</c> on a store the test fills: what they print, exactly.</summary>
public sealed class SampleStoreCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(Now);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string StorePath => _folder.File("watch.db");

    private static Sample Ok(string target, DateTimeOffset due, string value, double? number, string? unit, bool changed = false) => new()
    {
        Target = target,
        Due = due,
        Started = due.AddMilliseconds(5),
        Finished = due.AddMilliseconds(45),
        Outcome = Outcome.Ok,
        Value = value,
        Number = number,
        Unit = unit,
        Status = 200,
        Attempts = 1,
        Changed = changed,
    };

    public async ValueTask InitializeAsync()
    {
        await using var store = await SqliteSampleStore.OpenAsync(StorePath, Ct);
        var day = new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
        Sample[] samples =
        [
            Ok("nyc", day.AddHours(-14), "66.9", 66.9, "F", changed: true),
            Ok("nyc", day.AddHours(11), "66.9", 66.9, "F") with { Status = 304, NotModified = true, Finished = day.AddHours(11).AddMilliseconds(15) },
            new()
            {
                Target = "nyc",
                Due = day.AddHours(11).AddSeconds(10),
                Started = day.AddHours(11).AddSeconds(10).AddMilliseconds(5),
                Finished = day.AddHours(11).AddSeconds(20).AddMilliseconds(5),
                Outcome = Outcome.HeadersTimeout,
                Unit = "F",
                Attempts = 3,
                Error = "no response headers within 10s",
            },
            Ok("la", day.AddHours(11.5), "=1+2, \u001b[31m", null, null, changed: true),
        ];
        await store.WriteAsync(samples, [], [new TargetState { Target = "nyc" }, new TargetState { Target = "la" }], Ct);
    }

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(Command command, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await new RootCommand { command }.Parse(args).InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, Ct);
        return (code, output.ToString(), error.ToString());
    }

    private Task<(int Code, string Out, string Err)> HistoryAsync(params string[] args) =>
        RunAsync(HistoryCommand.Create(_time), ["history", .. args]);

    private Task<(int Code, string Out, string Err)> ExportAsync(params string[] args) =>
        RunAsync(ExportCommand.Create(_time), ["export", .. args]);

    [Fact]
    public async Task History_Table_OneAlignedLinePerSampleOldestFirst()
    {
        var run = await HistoryAsync("nyc", "--store", StorePath);

        Assert.Equal((0, ""), (run.Code, run.Err));
        Assert.Equal(
            """
            due                       at                        outcome              status  attempts  304  changed  value
            2026-12-03T10:00:00.000Z  2026-12-03T10:00:00.045Z  ok                      200         1       changed  66.9 F
            2026-12-04T11:00:00.000Z  2026-12-04T11:00:00.015Z  ok                      304         1  304           66.9 F
            2026-12-04T11:00:10.000Z  2026-12-04T11:00:20.005Z  headers_timeout                     3                no response headers within 10s

            """, run.Out);
    }

    [Fact]
    public async Task History_Table_EscapesWhatTheNetworkSent()
    {
        var run = await HistoryAsync("la", "--store", StorePath);

        Assert.EndsWith("  changed  =1+2, \\x1b[31m\n", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_CsvSince24h_PrintsTheHeaderAndTheLastDaysRows()
    {
        var run = await HistoryAsync("nyc", "--store", StorePath, "--since", "24h", "--format", "csv");

        Assert.Equal((0, ""), (run.Code, run.Err));
        Assert.Equal(
            "name,due,started,at,outcome,value,unit,status,not_modified,changed,attempts,error\r\n"
            + "nyc,2026-12-04T11:00:00.000Z,2026-12-04T11:00:00.005Z,2026-12-04T11:00:00.015Z,ok,66.9,F,304,true,false,1,\r\n"
            + "nyc,2026-12-04T11:00:10.000Z,2026-12-04T11:00:10.005Z,2026-12-04T11:00:20.005Z,headers_timeout,,F,,false,false,3,no response headers within 10s\r\n",
            run.Out);
    }

    [Fact]
    public async Task History_SinceATimeAndJsonl_PrintsFromThatTime()
    {
        _time.Advance(TimeSpan.FromDays(30));

        var run = await HistoryAsync("nyc", "--store", StorePath, "--since", "2026-12-04T11:00:05Z", "--format", "jsonl");

        Assert.Equal(
            """{"name":"nyc","due":"2026-12-04T11:00:10.000Z","started":"2026-12-04T11:00:10.005Z","at":"2026-12-04T11:00:20.005Z","outcome":"headers_timeout","value":null,"unit":"F","status":null,"not_modified":false,"changed":false,"attempts":3,"error":"no response headers within 10s"}""" + "\n",
            run.Out);
    }

    [Fact]
    public async Task History_UnknownTarget_NamesItSuggestsTheNearestAndListsTheStoresExit2()
    {
        var run = await HistoryAsync("nyx", "--store", StorePath);

        Assert.Equal((2, ""), (run.Code, run.Out));
        Assert.Equal($"usage: no target 'nyx' in {StorePath}; did you mean 'nyc'? Its targets: la, nyc\n", run.Err);
    }

    [Fact]
    public async Task History_NoStoreFile_OneLineExit2AndCreatesNone()
    {
        var missing = _folder.File("missing.db");

        var run = await HistoryAsync("nyc", "--store", missing);

        Assert.Equal((2, "", $"usage: --store {missing}: no such file; a watch makes it (gleaner watch JOB --store {missing})\n"), run);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task History_RunStateGivenAsStore_OneLineExit2()
    {
        var state = _folder.File("state.db");
        await using (await StateStore.OpenAsync(state, "job", Ct))
        {
        }

        var run = await HistoryAsync("nyc", "--store", state);

        Assert.Equal((2, "", $"usage: {state} is not a Gleaner sample store (a run's state or another program's file); use another --store\n"), run);
    }

    [Fact]
    public async Task History_SinceNeitherDurationNorTime_Exit2()
    {
        var run = await HistoryAsync("nyc", "--store", StorePath, "--since", "yesterday");

        Assert.Equal((2, "", "usage: --since 'yesterday' is neither a duration (24h, 7d, 90m) nor a time (2026-12-04T10:00:00Z)\n"), run);
    }

    [Fact]
    public async Task Export_Jsonl_EveryTargetByNameThenDue()
    {
        var run = await ExportAsync("--store", StorePath, "--since", "2h");

        Assert.Equal((0, ""), (run.Code, run.Err));
        Assert.Equal(
            """
            {"name":"la","due":"2026-12-04T11:30:00.000Z","started":"2026-12-04T11:30:00.005Z","at":"2026-12-04T11:30:00.045Z","outcome":"ok","value":"=1+2, \u001B[31m","unit":null,"status":200,"not_modified":false,"changed":true,"attempts":1,"error":null}
            {"name":"nyc","due":"2026-12-04T11:00:00.000Z","started":"2026-12-04T11:00:00.005Z","at":"2026-12-04T11:00:00.015Z","outcome":"ok","value":66.9,"unit":"F","status":304,"not_modified":true,"changed":false,"attempts":1,"error":null}
            {"name":"nyc","due":"2026-12-04T11:00:10.000Z","started":"2026-12-04T11:00:10.005Z","at":"2026-12-04T11:00:20.005Z","outcome":"headers_timeout","value":null,"unit":"F","status":null,"not_modified":false,"changed":false,"attempts":3,"error":"no response headers within 10s"}

            """, run.Out);
    }

    [Fact]
    public async Task Export_CsvToAFile_WritesEverySampleThereAndNothingToStdout()
    {
        var file = _folder.File("out.csv");

        var run = await ExportAsync("--store", StorePath, "--format", "csv", "--out", file);

        Assert.Equal((0, "", ""), run);
        Assert.Equal(
            "name,due,started,at,outcome,value,unit,status,not_modified,changed,attempts,error\r\n"
            + "la,2026-12-04T11:30:00.000Z,2026-12-04T11:30:00.005Z,2026-12-04T11:30:00.045Z,ok,\"'=1+2, \\x1b[31m\",,200,false,true,1,\r\n"
            + "nyc,2026-12-03T10:00:00.000Z,2026-12-03T10:00:00.005Z,2026-12-03T10:00:00.045Z,ok,66.9,F,200,false,true,1,\r\n"
            + "nyc,2026-12-04T11:00:00.000Z,2026-12-04T11:00:00.005Z,2026-12-04T11:00:00.015Z,ok,66.9,F,304,true,false,1,\r\n"
            + "nyc,2026-12-04T11:00:10.000Z,2026-12-04T11:00:10.005Z,2026-12-04T11:00:20.005Z,headers_timeout,,F,,false,false,3,no response headers within 10s\r\n",
            await File.ReadAllTextAsync(file, Ct));
    }

    [Fact]
    public async Task Export_OutIsTheStore_IsRefusedAndTheStoreKept()
    {
        var before = await File.ReadAllBytesAsync(StorePath, Ct);

        var run = await ExportAsync("--store", StorePath, "--out", StorePath);

        Assert.Equal((2, "", $"usage: --out {StorePath} is the store itself\n"), run);
        Assert.Equal(before, await File.ReadAllBytesAsync(StorePath, Ct));
    }

    [Fact]
    public async Task Export_AsAProcessWhileTheWatchHoldsTheStore_PrintsEverySample()
    {
        await using var writer = await SqliteSampleStore.OpenAsync(StorePath, Ct);

        var run = await GleanerProcess.RunAsync("export", "--store", StorePath, "--format", "csv");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Equal(5, run.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
