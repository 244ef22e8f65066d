using System.CommandLine;
using Gleaner.Cli.Options;
using Gleaner.Cli.Run;
using Gleaner.Engine;
using Gleaner.Extraction;
using Gleaner.Fetching;

namespace Gleaner.Cli.Commands;

/// <summary>
/// <c>gleaner run JOB.yaml</c> or <c>gleaner run --urls FILE</c>: many targets, concurrently, none holding up the
/// rest; records to JSONL/CSV/SQLite; resumable with <c>--state</c>.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var job = new Argument<string?>("JOB") { Description = "A YAML job file", Arity = ArgumentArity.ZeroOrOne };
        var urls = new Option<string?>("--urls") { Description = "A file of URLs, one per line (# comments); the rule comes from the flags" };
        var output = new Option<string?>("--out") { Description = "Where records go: FILE.jsonl, FILE.csv or FILE.db (default: JSONL on stdout)" };
        var state = new Option<string?>("--state") { Description = "SQLite file that makes the run resumable: run the same command again to finish it" };
        var rules = new RuleOptions();
        var limits = new LimitOptions();
        var headers = new HeaderOptions();
        var connection = new ConnectionOptions();
        var proxy = new ProxyOptions();
        var run = new RunOptions();
        var command = new Command("run", "Sample many targets concurrently; every one ends as a value or a named failure.") { job, urls, output, state };
        rules.AddTo(command);
        limits.AddTo(command);
        headers.AddTo(command);
        connection.AddTo(command);
        proxy.AddTo(command);
        run.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            TargetSource source;
            try
            {
                source = TargetSource.Load(parsed, parsed.GetValue(job), parsed.GetValue(urls), rules, limits, run, headers, proxy, connection);
            }
            catch (RunProblemsException e)
            {
                foreach (var problem in e.Problems)
                {
                    Console.Error.WriteLine(problem);
                }

                Console.Error.WriteLine($"{e.Problems.Count} problem(s); nothing was run.");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is ArgumentException or RuleException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"usage: {e.Message}");
                return ExitCodes.Usage;
            }

            connection.Warn(parsed, Console.Error);
            if (source.Targets.Any(t => t.Watch is not null))
            {
                Console.Error.WriteLine("note: run samples each target once; its schedule (every:, cron:) is for gleaner watch");
            }

            // The first Ctrl-C stops starting targets and lets those in flight finish within their own deadlines,
            // then the outputs are flushed; a second one quits at once (the state keeps what finished).
            using var interrupt = Interrupt.Listen("stopping: no new targets; finishing those in flight (Ctrl-C again to quit now)", cancellationToken);
            return await RunAsync(source, parsed.GetValue(output), parsed.GetValue(state), interrupt);
        });
        return command;
    }

    private static async Task<int> RunAsync(TargetSource source, string? outPath, string? statePath, Interrupt interrupt)
    {
        if (await RunOutputs.TryOpenAsync(source, outPath, statePath) is not { } output)
        {
            return ExitCodes.Usage;
        }

        await using (output)
        {
            var pending = source.Targets.Count - output.DoneKeys.Count;
            if (output.DoneKeys.Count > 0)
            {
                Console.Error.WriteLine($"resuming: {output.DoneKeys.Count} of {source.Targets.Count} targets already done; {pending} to go.");
            }

            using var fetcher = new Fetcher(new FetcherOptions { Resolve = new CachingResolver().ResolveAsync });
            var engine = new RunEngine(fetcher, source.Settings);
            if (source.Settings.Concurrency > fetcher.Connections.MaxSockets)
            {
                Console.Error.WriteLine(
                    $"note: concurrency {source.Settings.Concurrency} is more than the {fetcher.Connections.MaxSockets} connections this process may open "
                    + "(ulimit -n, less what is kept for files); running that many at a time");
            }

            var tally = new RunTally(pending, TimeProvider.System);
            // Each record is written on the thread that finished its target (RunOutput takes them one at a time).
            var work = Task.Run(async () =>
            {
                await engine.RunAsync(source.Targets, async (record, _) =>
                {
                    await output.RecordAsync(record, CancellationToken.None);
                    tally.Add(record);
                }, output.DoneKeys, interrupt.Token);
                await output.CompleteAsync();
            }, CancellationToken.None);
            var interactive = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;
            await RunReport.FollowAsync(tally, work, interactive);
            await work;
            RunReport.Summarize(tally, interrupt.Requested);
            return interrupt.Requested ? interrupt.ExitCode : 0;
        }
    }
}
