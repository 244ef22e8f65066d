using System.Text.Json;
using Gleaner.Simulator;
using Microsoft.Data.Sqlite;

namespace Gleaner.Tests.Cli;

/// <summary>
/// <c>gleaner run</c> on a page whose value holds terminal control sequences: every output either shows them
/// escaped (CSV, stderr) or keeps them exactly, spelled as JSON escapes (JSONL, SQLite).
/// </summary>
public sealed class RunCommandEscapingTests : IAsyncLifetime
{
    // The temperature paragraph of /content/terminal-escapes, as extracted and as gleaner shows it.
    private const string Raw = "\u001b]0;owned\u0007\u001b[2J\u009b31m\u007f\u202e66.9°F";
    private const string Shown = "\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\x7f\\u202e66.9°F";
    private const string Spelled = "\\u001B]0;owned\\u0007\\u001B[2J\\u009B31m\\u007F\\u202E66.9°F";
    private const string Problem = $"'{Shown}' is not a number";

    private readonly string _dir = Directory.CreateTempSubdirectory("gleaner-escapes-").FullName;
    private HostileSimulator _sim = null!;
    private string _job = null!;

    public async ValueTask InitializeAsync()
    {
        _sim = await HostileSimulator.StartAsync(new SimulatorOptions());
        _job = Path.Combine(_dir, "job.yaml");
        // The same paragraph twice: as text (a value full of controls) and as a number (a problem quoting them).
        await File.WriteAllTextAsync(_job, $$"""
            defaults:
              robots: false
            targets:
              - name: text
                url: {{_sim.Url("/content/terminal-escapes")}}
                extract: { css: "p.myforecast-current-lrg" }
              - name: number
                url: {{_sim.Url("/content/terminal-escapes")}}
                extract: { css: "p.myforecast-current-lrg" }
                value: { type: number }
            """, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _sim.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Run_Jsonl_SpellsTheControlsAsEscapesAndKeepsTheValues()
    {
        var run = await GleanerProcess.RunAsync("run", _job);

        Assert.Equal(0, run.ExitCode);
        AssertSummary(run.Stderr);
        var lines = run.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Same(line, DisplayText.Escape(line)));
        var text = Assert.Single(lines, l => l.StartsWith("{\"name\":\"text\",", StringComparison.Ordinal));
        var number = Assert.Single(lines, l => l.StartsWith("{\"name\":\"number\",", StringComparison.Ordinal));
        Assert.Contains($"\"value\":\"{Spelled}\",", text, StringComparison.Ordinal);
        Assert.Equal(Raw, Property(text, "value"));
        Assert.Equal(("invalid_value", Problem), (Property(number, "outcome"), Property(number, "error")));
    }

    [Fact]
    public async Task Run_Csv_ShowsTheControlsEscaped()
    {
        var csv = Path.Combine(_dir, "out.csv");

        var run = await GleanerProcess.RunAsync("run", _job, "--out", csv);

        Assert.Equal((0, ""), (run.ExitCode, run.Stdout));
        AssertSummary(run.Stderr);
        var rows = (await File.ReadAllTextAsync(csv, TestContext.Current.CancellationToken)).Split("\r\n")[1..^1];
        Assert.Equal(2, rows.Length);
        Assert.All(rows, row => Assert.Same(row, DisplayText.Escape(row)));
        var url = _sim.Url("/content/terminal-escapes");
        var text = Assert.Single(rows, r => r.StartsWith("text,", StringComparison.Ordinal)).Split(',');
        var number = Assert.Single(rows, r => r.StartsWith("number,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(["text", $"{url}", $"{url}", "ok", Shown, "", "200", "1"], text[..8]);
        Assert.Equal("", text[9]);
        Assert.Equal(["number", $"{url}", $"{url}", "invalid_value", "", "", "200", "1"], number[..8]);
        Assert.Equal(Problem, number[9]);
    }

    [Fact]
    public async Task Run_Sqlite_KeepsTheValueAndStoresTheProblemAsTheValidatorWrote()
    {
        var db = Path.Combine(_dir, "out.db");

        var run = await GleanerProcess.RunAsync("run", _job, "--out", db);

        Assert.Equal((0, ""), (run.ExitCode, run.Stdout));
        AssertSummary(run.Stderr);
        await using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT name, outcome, value, error, json FROM results ORDER BY name";
        await using var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal(("number", "invalid_value", true, Problem), (reader.GetString(0), reader.GetString(1), reader.IsDBNull(2), reader.GetString(3)));
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal(("text", "ok", Raw, true), (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3)));
        Assert.Equal(Raw, Property(reader.GetString(4), "value"));
        Assert.False(await reader.ReadAsync(TestContext.Current.CancellationToken));
    }

    // Progress (a line every 2 s, counts and outcome names only) and the summary; the run ends in well under 2 s,
    // but a slow machine may print a progress line first.
    private static void AssertSummary(string stderr) =>
        Assert.Matches(
            @"^(\d/2 \d+/s( eta \d+s)?( invalid_value=1)?\n)*done: 2/2 targets in \d+\.\ds \(\d+(\.\d)?/s\)\n  ok {26}1\n  invalid_value {15}1\nslowest hosts: 127\.0\.0\.1:\d+ \S+ mean over 2\n$",
            stderr);

    private static string? Property(string json, string name)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty(name).GetString();
    }
}
