using Gleaner.Units;
using Gleaner.Watching;
using Spectre.Console;

namespace Gleaner.Cli.Watch;

/// <summary>
/// The watch in a terminal: a table redrawn every second with each target's value (a thermometer for temperatures),
/// its age, outcome and last change. Failing targets come first, then the most recently changed, as many as fit.
/// </summary>
internal static class LiveTable
{
    private static readonly TimeSpan Redraw = TimeSpan.FromSeconds(1);

    public static async Task FollowAsync(WatchEngine engine, Task watching, IAnsiConsole console)
    {
        await console.Live(Build(engine.Snapshot(), DateTimeOffset.UtcNow, Rows(console)))
            .AutoClear(false)
            .StartAsync(async context =>
            {
                while (!watching.IsCompleted)
                {
                    await Task.WhenAny(watching, Task.Delay(Redraw));
                    context.UpdateTarget(Build(engine.Snapshot(), DateTimeOffset.UtcNow, Rows(console)));
                }
            });
    }

    /// <summary>The table for <paramref name="states"/> at <paramref name="now"/>, at most <paramref name="maxRows"/> targets.</summary>
    internal static Table Build(IReadOnlyList<TargetState> states, DateTimeOffset now, int maxRows)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("target", "value", "", "age", "outcome", "changed");
        var shown = Order(states).Take(maxRows).ToList();
        foreach (var state in shown)
        {
            table.AddRow(Cells(state, now).Select(c => (Spectre.Console.Rendering.IRenderable)new Markup(c)).ToArray());
        }

        if (states.Count > shown.Count)
        {
            table.Caption($"{states.Count - shown.Count} more target(s) not shown; gleaner history NAME shows any of them");
        }

        return table;
    }

    /// <summary>Failing targets first (longest streak first), then by most recent change, then by name.</summary>
    internal static IEnumerable<TargetState> Order(IEnumerable<TargetState> states) => states
        .OrderByDescending(s => s.FailuresInARow)
        .ThenByDescending(s => s.ChangedAt ?? DateTimeOffset.MinValue)
        .ThenBy(s => s.Target, StringComparer.Ordinal);

    /// <summary>One row's cells as Spectre markup; text from the network escaped twice over (terminal, then markup).</summary>
    internal static string[] Cells(TargetState state, DateTimeOffset now)
    {
        static string Text(string? s) => Markup.Escape(DisplayText.Escape(s ?? ""));
        var value = state.Value is null ? "[grey]–[/]" : Text(state.Value) + (state.Unit is { } unit ? " " + Text(unit) : "");
        var outcome = state.Outcome switch
        {
            null => "[grey]waiting[/]",
            Outcome.Ok => "[green]ok[/]",
            { } failed => $"[red]{failed.ToName()}[/]" + (state.FailuresInARow > 1 ? $" ×{state.FailuresInARow}" : ""),
        };
        return
        [
            Text(state.Target),
            value,
            Thermometer.Markup(state.Number, state.Unit),
            state.LastAt is { } at ? Age(now - at) : "",
            outcome,
            state.ChangedAt is { } changed ? Age(now - changed) + (now - changed >= TimeSpan.FromSeconds(1) ? " ago" : "") : "",
        ];
    }

    // Ages to the second: a table redrawn every second has no use for milliseconds.
    private static string Age(TimeSpan age) =>
        age < TimeSpan.FromSeconds(1) ? "now" : Duration.Format(TimeSpan.FromSeconds(Math.Floor(age.TotalSeconds)));

    private static int Rows(IAnsiConsole console) => Math.Max(5, console.Profile.Height - 8);
}
