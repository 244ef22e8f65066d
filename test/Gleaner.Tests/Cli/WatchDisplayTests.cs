using Gleaner.Cli.Commands;
using Gleaner.Cli.Watch;
using Gleaner.Scheduling;
using Gleaner.Targets;
using Gleaner.Validation;
using Gleaner.Watching;

namespace Gleaner.Tests.Cli;

/// <summary>What <c>gleaner watch</c> shows a person: sample lines, the live table's cells and thermometers, reload summaries.</summary>
public class WatchDisplayTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Target Nyc = new()
    {
        Name = "nyc",
        Url = new Uri("http://h.test/nyc"),
        Value = new ValueSpec(ValueKind.Number, unit: "F"),
        Watch = new WatchSpec { Schedule = new EverySchedule(TimeSpan.FromHours(1)) },
    };

    private static Sample Sample(Outcome outcome, string? value = null, bool changed = false, bool notModified = false, string? error = null) => new()
    {
        Target = "nyc", Due = Now, Started = Now, Finished = Now.AddSeconds(1), Outcome = outcome, Value = value, Unit = "F",
        Changed = changed, NotModified = notModified, Error = error,
    };

    [Theory]
    [InlineData(-20.0, "F", 0)]
    [InlineData(-40.0, "F", 0)]
    [InlineData(50.0, "F", 5)]
    [InlineData(66.9, "°F", 6)]
    [InlineData(120.0, "F", 10)]
    [InlineData(500.0, "F", 10)]
    [InlineData(10.0, "C", 5)]
    [InlineData(283.15, "K", 5)]
    public void Filled_ATemperature_FillsItsShareOfTenCells(double value, string unit, int filled) =>
        Assert.Equal(filled, Thermometer.Filled(value, unit));

    [Fact]
    public void Markup_ColdMildHotAndNotATemperature()
    {
        Assert.Equal("[blue]██[/][grey]░░░░░░░░[/]", Thermometer.Markup(5, "F"));
        Assert.Equal("[yellow]██████[/][grey]░░░░[/]", Thermometer.Markup(66.9, "F"));
        Assert.Equal("[red]█████████[/][grey]░[/]", Thermometer.Markup(40, "C"));
        Assert.Equal("", Thermometer.Markup(66.9, "USD"));
        Assert.Equal("", Thermometer.Markup(null, "F"));
    }

    [Fact]
    public void Format_EachKindOfSample_OneLine()
    {
        var before = new TargetState { Target = "nyc", Value = "66.9" };
        var failing = before with { FailuresInARow = 2 };

        Assert.Equal("2026-01-01 12:00:01Z  nyc  67 F  (was 66.9)", SampleLines.Format(Nyc, Sample(Outcome.Ok, "67", changed: true), before));
        Assert.Equal("2026-01-01 12:00:01Z  nyc  66.9 F  (not modified)", SampleLines.Format(Nyc, Sample(Outcome.Ok, "66.9", notModified: true), before));
        Assert.Equal("2026-01-01 12:00:01Z  nyc  66.9 F  (recovered)", SampleLines.Format(Nyc, Sample(Outcome.Ok, "66.9"), failing));
        Assert.Equal("2026-01-01 12:00:01Z  nyc  connect_refused: refused (3 in a row)", SampleLines.Format(Nyc, Sample(Outcome.ConnectRefused, error: "refused"), failing));
    }

    [Fact]
    public void Format_NetworkTextWithEscapes_IsShownEscaped()
    {
        var line = SampleLines.Format(Nyc, Sample(Outcome.InvalidValue, error: "'\u001b]0;owned\u0007' is not a number"), new TargetState { Target = "nyc" });

        Assert.Equal(@"2026-01-01 12:00:01Z  nyc  invalid_value: '\x1b]0;owned\x07' is not a number", line);
    }

    [Fact]
    public void Cells_AgeOutcomeAndChange_AndMarkupInValuesIsText()
    {
        var state = new TargetState
        {
            Target = "[red]x[/]", Value = "<img src=x>", Unit = "F", Number = null, Outcome = Outcome.Ok,
            LastAt = Now.AddSeconds(-75.6), ChangedAt = Now.AddHours(-2),
        };

        Assert.Equal(["[[red]]x[[/]]", "<img src=x> F", "", "75s", "[green]ok[/]", "7200s ago"], LiveTable.Cells(state, Now));
        Assert.Equal("[red]http_status[/] ×3", LiveTable.Cells(state with { Outcome = Outcome.HttpStatus, FailuresInARow = 3 }, Now)[4]);
        Assert.Equal("[grey]waiting[/]", LiveTable.Cells(new TargetState { Target = "new" }, Now)[4]);
        Assert.Equal(("now", "now"), (LiveTable.Cells(state with { LastAt = Now.AddMilliseconds(-400), ChangedAt = Now }, Now)[3], LiveTable.Cells(state with { ChangedAt = Now }, Now)[5]));
    }

    [Fact]
    public void Order_FailingFirstThenMostRecentlyChanged()
    {
        var states = new[]
        {
            new TargetState { Target = "old", ChangedAt = Now.AddHours(-3) },
            new TargetState { Target = "down", FailuresInARow = 4 },
            new TargetState { Target = "fresh", ChangedAt = Now.AddMinutes(-1) },
            new TargetState { Target = "new" },
        };

        Assert.Equal(["down", "fresh", "old", "new"], LiveTable.Order(states).Select(s => s.Target));
    }

    [Fact]
    public void Changes_AReload_SaysWhatWasAddedRemovedAndEdited()
    {
        var before = new WatchList([Nyc, Nyc with { Name = "den" }, Nyc with { Name = "sea" }]);
        var after = new WatchList([Nyc, Nyc with { Name = "den", Url = new Uri("http://h.test/den2") }, Nyc with { Name = "bos" }]);

        Assert.Equal("3 target(s): 1 added (bos), 1 removed (sea), 1 edited (den)", WatchCommand.Changes(before, after));
        Assert.Equal("3 target(s), none changed", WatchCommand.Changes(before, before with { }));
    }
}
