using System.Diagnostics;

namespace Gleaner.Tests.Cli;

/// <summary>Runs a program to its end, bounded in time, with its exit code and output.</summary>
internal static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="environment"/> added to ours; <paramref name="started"/>
    /// sees the process once it runs (to signal or kill it).
    /// </summary>
    public static async Task<GleanerProcess.Run> RunAsync(
        string fileName, IEnumerable<string> args, TimeSpan patience, Action<Process>? started = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        started?.Invoke(process);
        using var timeout = new CancellationTokenSource(patience);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new GleanerProcess.Run(process.ExitCode, await stdout, await stderr);
    }
}
