using System.Globalization;
using Spectre.Console;

namespace Gleaner.Cli.Run;

/// <summary>
/// Progress while a run goes and its summary at the end, on stderr (stdout may carry the JSONL records). A live
/// bar in an interactive terminal; otherwise one plain line every few seconds.
/// </summary>
internal static class RunReport
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan QuietInterval = TimeSpan.FromSeconds(30);

    /// <summary>Shows progress until <paramref name="run"/> completes.</summary>
    public static async Task FollowAsync(RunTally tally, Task run, bool interactive)
    {
        if (interactive)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            await console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var bar = context.AddTask("fetching", maxValue: Math.Max(tally.Total, 1));
                    while (!run.IsCompleted)
                    {
                        bar.Value = tally.Done;
                        bar.Description = Markup.Escape(Line(tally));
                        await Task.WhenAny(run, Task.Delay(200));
                    }

                    bar.Value = tally.Done;
                });
            return;
        }

        // A line every few seconds while targets finish; while nothing does (a long Retry-After, a slow tail),
        // one line every QuietInterval says the run is still alive without flooding a log.
        var lastDone = -1;
        var lastPrinted = TimeProvider.System.GetTimestamp();
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(PlainInterval));
            var quiet = TimeProvider.System.GetElapsedTime(lastPrinted) >= QuietInterval;
            if (!run.IsCompleted && (tally.Done != lastDone || quiet))
            {
                Console.Error.WriteLine(Line(tally));
                lastDone = tally.Done;
                lastPrinted = TimeProvider.System.GetTimestamp();
            }
        }
    }

    /// <summary>The summary printed when the run ends.</summary>
    public static void Summarize(RunTally tally, bool interrupted, TextWriter? to = null)
    {
        var e = to ?? Console.Error;
        e.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(interrupted ? "interrupted" : "done")}: {tally.Done}/{tally.Total} targets in {tally.Elapsed.TotalSeconds:0.0}s ({tally.Rate:0.#}/s)"));
        foreach (var (outcome, count) in tally.ByOutcome())
        {
            e.WriteLine($"  {outcome.ToName(),-20} {count,8}");
        }

        var slowest = tally.SlowestHosts(3);
        if (slowest.Count > 0)
        {
            e.WriteLine("slowest hosts: " + string.Join(", ", slowest.Select(h =>
                $"{h.Host} {Units.Duration.Format(h.Mean)} mean over {h.Count}")));
        }
    }

    /// <summary>One progress line: done/total, rate, ETA and the commonest failures.</summary>
    internal static string Line(RunTally tally)
    {
        var failures = string.Join(" ", tally.ByOutcome().Where(x => x.Outcome != Outcome.Ok).Take(4).Select(x => $"{x.Outcome.ToName()}={x.Count}"));
        var eta = tally.Eta is { } t ? $" eta {t.TotalSeconds:0}s" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{tally.Done}/{tally.Total} {tally.Rate:0}/s{eta} {failures}").TrimEnd();
    }
}
