using System.CommandLine;
using Gleaner.Cli.Options;
using Gleaner.Cli.Serve;
using Gleaner.Cli.Stores;
using Gleaner.Dashboard.Board;

namespace Gleaner.Cli.Commands;

/// <summary>
/// <c>gleaner serve --store FILE.db|CONN</c>: the dashboard over a store that a watch (in another process) or a cluster's
/// silos write; it reads
/// the store every second, so new samples appear without a reload.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "The SQLite file a watch keeps its samples in, or a cluster's PostgreSQL store (a connection string such as 'Host=db;Database=gleaner;Username=reader')", Required = true };
        var serve = new ServeOptions();
        var command = new Command("serve", "Serve the dashboard (pages, JSON API, live events, /metrics) over a watch's store.") { store };
        serve.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (options, problems) = serve.Read(parsed, Environment.GetEnvironmentVariable);
            if (options is null)
            {
                foreach (var problem in problems)
                {
                    Console.Error.WriteLine($"usage: {problem}");
                }

                Console.Error.WriteLine("Nothing was served.");
                return ExitCodes.Usage;
            }

            var named = new StoreArgument(parsed.GetValue(store)!);
            using var interrupt = Interrupt.Listen("stopping the dashboard", cancellationToken);
            await using var dashboard = await DashboardHost.StartAsync(named, options, interrupt.Token);
            if (dashboard is null)
            {
                return ExitCodes.Usage;
            }

            Console.Error.WriteLine($"serving {dashboard.Board.Count} target(s) from {named}; Ctrl-C stops.");
            var follower = new StoreFollower(dashboard.Board, TimeProvider.System);
            await follower.RunAsync(e => Console.Error.WriteLine($"reading {named}: {e.Message}"), interrupt.Token);
            return interrupt.Requested ? interrupt.ExitCode : 0;
        });
        return command;
    }
}
