using System.Diagnostics;

namespace Gleaner.Tests.Cli;

/// <summary>Runs the built <c>gleaner</c> tool as a user would: a separate process, with its exit code and output.</summary>
internal static class GleanerProcess
{
    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    public static Task<Run> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>Runs gleaner; <paramref name="started"/> sees the process once it runs (to signal or kill it).</summary>
    public static async Task<Run> RunAsync(Action<Process>? started, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gleaner.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        started?.Invoke(process);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(patience.Token);
        var stderr = process.StandardError.ReadToEndAsync(patience.Token);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
