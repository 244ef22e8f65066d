using Gleaner.Storage;

namespace Gleaner.Cli.Run;

/// <summary>Opening a run's output and state for a command (gleaner run and gleaner-cluster run alike).</summary>
internal static class RunOutputs
{
    /// <summary>The output and state of <paramref name="source"/>'s job, or null after one line on stderr saying why not (a usage error).</summary>
    public static async Task<RunOutput?> TryOpenAsync(TargetSource source, string? outPath, string? statePath)
    {
        try
        {
            return await RunOutput.OpenAsync(outPath, statePath, source.Fingerprint, Console.Out, CancellationToken.None);
        }
        catch (FileInUseException e)
        {
            // Not a mistake in the command: the same command is already running.
            Console.Error.WriteLine(e.Message);
            return null;
        }
        catch (Exception e) when (e is StateMismatchException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"usage: {e.Message}");
            return null;
        }
    }
}
