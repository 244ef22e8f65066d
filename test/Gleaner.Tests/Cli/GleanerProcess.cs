using System.Diagnostics;

namespace Gleaner.Tests.Cli;

/// <summary>Runs the built <c>gleaner</c> tool (the JIT build) as a user would: a separate process, with its exit code and output.</summary>
internal static class GleanerProcess
{
    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    public static Task<Run> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>Runs gleaner; <paramref name="started"/> sees the process once it runs (to signal or kill it).</summary>
    public static Task<Run> RunAsync(Action<Process>? started, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Gleaner.Cli.dll"), .. args], TimeSpan.FromSeconds(60), started);

    /// <summary>Runs gleaner with <paramref name="environment"/> added to the test's own.</summary>
    public static Task<Run> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Gleaner.Cli.dll"), .. args], TimeSpan.FromSeconds(60), environment: environment);
}
