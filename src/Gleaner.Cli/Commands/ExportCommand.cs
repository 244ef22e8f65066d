using System.CommandLine;
using System.Text;
using Gleaner.Cli.History;

namespace Gleaner.Cli.Commands;

/// <summary><c>gleaner export --store FILE.db</c>: every target's samples, one line each, by target and then due time.</summary>
internal static class ExportCommand
{
    public static Command Create() => Create(TimeProvider.System);

    /// <summary>The command, with the clock <c>--since 24h</c> counts back from.</summary>
    internal static Command Create(TimeProvider time)
    {
        var flags = new StoreFlags("jsonl", "jsonl", "csv");
        var output = new Option<string?>("--out") { Description = "Write to FILE (replaced) instead of stdout" };
        var command = new Command("export", "Print every sample in a sample store, one line each, by target and then due time.") { output };
        flags.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var error = parsed.InvocationConfiguration.Error;
            if (!flags.TryReadSince(parsed, time.GetUtcNow(), error, out var since))
            {
                return ExitCodes.Usage;
            }

            var outPath = parsed.GetValue(output);
            if (outPath is not null && SameFile(outPath, parsed.GetValue(flags.Store)!))
            {
                error.WriteLine(DisplayText.Escape($"usage: --out {outPath} is the store itself"));
                return ExitCodes.Usage;
            }

            var named = flags.ReadStore(parsed);
            await using var store = await named.OpenAsync(error, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            TextWriter writer;
            try
            {
                writer = outPath is null ? parsed.InvocationConfiguration.Output : new StreamWriter(outPath, append: false, new UTF8Encoding(false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine(DisplayText.Escape($"usage: --out {outPath}: {e.Message}"));
                return ExitCodes.Usage;
            }

            try
            {
                await SampleOutput.WriteAsync(store.ReadSamplesAsync(null, since, null, cancellationToken), flags.ReadFormat(parsed), writer, cancellationToken);
            }
            finally
            {
                if (outPath is not null)
                {
                    await writer.DisposeAsync();
                }
            }

            return ExitCodes.Value;
        });
        return command;
    }

    private static bool SameFile(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
}
