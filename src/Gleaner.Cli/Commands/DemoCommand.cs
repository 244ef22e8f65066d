using System.CommandLine;
using Gleaner.Records;
using Gleaner.Cli.Options;
using Gleaner.Cli.Run;
using Gleaner.Engine;
using Gleaner.Fetching;
using Gleaner.Simulator;
using Gleaner.Targets;
using Spectre.Console;

namespace Gleaner.Cli.Commands;

/// <summary>
/// <c>gleaner demo</c>: starts the simulator in-process and samples its weather pages and every hostile route at
/// once, then shows how each ended. Needs no internet.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var watch = new Option<bool>("--watch") { Description = "Watch the weather pages every few seconds with the dashboard on, until Ctrl-C" };
        var store = new Option<string?>("--store") { Description = "With --watch: the store to keep the samples in (default: a new file in the temp folder)" };
        var serve = new ServeOptions();
        var command = new Command("demo", "Sample the built-in simulator's weather pages and hostile routes concurrently (offline).") { watch, store };
        serve.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            if (parsed.GetValue(watch))
            {
                var (options, problems) = serve.Read(parsed, Environment.GetEnvironmentVariable);
                foreach (var problem in problems)
                {
                    Console.Error.WriteLine($"usage: {problem}");
                }

                return options is null ? ExitCodes.Usage : await DemoWatch.RunAsync(options, parsed.GetValue(store), cancellationToken);
            }

            await using var sim = await HostileSimulator.StartAsync(new SimulatorOptions(), cancellationToken);
            var targets = DemoTargets.For(sim);
            var limits = DemoTargets.Limits;
            AnsiConsole.MarkupLine($"Sampling [bold]{targets.Count}[/] targets on the hostile simulator at {Markup.Escape(sim.BaseUri.ToString())}, all at once " +
                $"(timeout {Units.Duration.Format(limits.TotalTimeout)}, stall guard {limits.Stall}, max {Units.ByteSize.Format(limits.MaxBodyBytes)}).");
            using var fetcher = new Fetcher();
            var engine = new RunEngine(fetcher, DemoTargets.Settings);
            var tally = new RunTally(targets.Count, TimeProvider.System);
            var results = new TargetResult[targets.Count];
            await foreach (var record in engine.RunAsync([.. targets.Select(t => t.Target)], cancellationToken: cancellationToken))
            {
                results[record.Index] = record.Result;
                tally.Add(record);
            }

            var table = new Table().AddColumns("target", "value or failure", "time");
            var surprises = 0;
            foreach (var (demo, result) in targets.Zip(results))
            {
                var got = result.Outcome == Outcome.Ok
                    ? $"{ResultJson.FormatValue(result.Value)} {result.Target.Value.Unit}".Trim()
                    : result.Outcome.ToName();
                var asExpected = result.Outcome.ToName() == demo.Expected;
                surprises += asExpected ? 0 : 1;
                table.AddRow(
                    Markup.Escape(demo.Target.Name),
                    asExpected ? $"{Markup.Escape(got)} [green]as expected[/]" : $"[red]{Markup.Escape(got)}, expected {Markup.Escape(demo.Expected)}[/]",
                    $"{result.Fetch.Timings.Total.TotalSeconds:0.00}s");
            }

            AnsiConsole.Write(table);
            var sum = results.Sum(r => r.Fetch.Timings.Total.TotalSeconds);
            RunReport.Summarize(tally, interrupted: false, Console.Out);
            AnsiConsole.MarkupLine($"{sum:0.0}s of fetching took {tally.Elapsed.TotalSeconds:0.0}s of wall time: no target waited for another. " +
                (surprises == 0 ? "Every target ended as expected." : $"[red]{surprises} not as expected[/]."));
            return surprises == 0 ? 0 : 1;
        });
        return command;
    }
}
