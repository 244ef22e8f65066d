using System.CommandLine;
using Gleaner.Cli.History;

namespace Gleaner.Cli.Commands;

/// <summary><c>gleaner history NAME --store FILE.db</c>: one target's samples, one line each, oldest first.</summary>
internal static class HistoryCommand
{
    public static Command Create() => Create(TimeProvider.System);

    /// <summary>The command, with the clock <c>--since 24h</c> counts back from.</summary>
    internal static Command Create(TimeProvider time)
    {
        var name = new Argument<string>("NAME") { Description = "The target's name, as in the job file" };
        var flags = new StoreFlags("table", "table", "csv", "jsonl");
        var command = new Command("history", "Print one watched target's samples from a sample store, one line each, oldest first.") { name };
        flags.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (output, error) = (parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error);
            if (!flags.TryReadSince(parsed, time.GetUtcNow(), error, out var since))
            {
                return ExitCodes.Usage;
            }

            var named = flags.ReadStore(parsed);
            await using var store = await named.OpenAsync(error, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            var target = parsed.GetValue(name)!;
            var names = (await store.LoadStatesAsync(cancellationToken)).Select(s => s.Target).ToList();
            if (!names.Contains(target, StringComparer.Ordinal))
            {
                error.WriteLine(UnknownTarget.Line(target, named.ToString(), names));
                return ExitCodes.Usage;
            }

            await SampleOutput.WriteAsync(store.ReadSamplesAsync(target, since, null, cancellationToken), flags.ReadFormat(parsed), output, cancellationToken);
            return ExitCodes.Value;
        });
        return command;
    }
}
