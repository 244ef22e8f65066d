using System.CommandLine;
using System.Runtime.InteropServices;

namespace Gleaner.Cli.Commands;

/// <summary>
/// <c>gleaner cluster VERB …</c>: cluster mode lives in its own executable, <c>gleaner-cluster</c> (Orleans cannot be
/// compiled ahead of time into this one), and this command becomes it: the same arguments, no shell, its output, its
/// signals and its exit code, by <c>execv</c>. It is looked for beside <c>gleaner</c> first, then in the PATH's absolute directories.
/// </summary>
internal static partial class ClusterCommand
{
    public const string Name = "cluster";

    private const string Executable = "gleaner-cluster";

    /// <summary>The command as <c>gleaner --help</c> lists it; <see cref="Become"/> runs it before any parsing.</summary>
    public static Command Create() => new(Name, "Cluster mode on Microsoft Orleans: silo, run, watch, status (runs gleaner-cluster with the same arguments)");

    /// <summary>Replaces this process with <c>gleaner-cluster</c> and <paramref name="arguments"/>; returns only when that fails.</summary>
    public static int Become(IReadOnlyList<string> arguments)
    {
        if (Find() is not { } path)
        {
            Console.Error.WriteLine(
                $"usage: gleaner cluster needs {Executable}, which is neither beside gleaner ({AppContext.BaseDirectory}) nor on the PATH; "
                + $"publish it with: dotnet publish src/Gleaner.Cluster.Host -o {AppContext.BaseDirectory.TrimEnd('/')}");
            return ExitCodes.Usage;
        }

        Console.Out.Flush();
        Console.Error.Flush();
        var argv = new IntPtr[arguments.Count + 2];
        try
        {
            argv[0] = Marshal.StringToCoTaskMemUTF8(path);
            for (var i = 0; i < arguments.Count; i++)
            {
                argv[i + 1] = Marshal.StringToCoTaskMemUTF8(arguments[i]);
            }

            Exec(path, argv);
            Console.Error.WriteLine($"gleaner: could not run {path}: {Marshal.GetLastPInvokeErrorMessage()}");
            return ExitCodes.Usage;
        }
        finally
        {
            foreach (var arg in argv)
            {
                Marshal.FreeCoTaskMem(arg);
            }
        }
    }

    private static string? Find()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, Executable);
        if (IsExecutable(beside))
        {
            return beside;
        }

        // Absolute PATH entries only: a relative one (".", "bin") would run whatever the current directory holds.
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Where(Path.IsPathRooted).Select(d => Path.Combine(d, Executable)).FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Exec(string path, IntPtr[] argv);
}
