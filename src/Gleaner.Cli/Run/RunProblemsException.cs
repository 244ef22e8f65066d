namespace Gleaner.Cli.Run;

/// <summary>
/// Everything wrong with a run's flags and its job file or URL list, one problem per line: the flags' first, then
/// the file's as <c>file:line:column: problem</c>. Nothing runs.
/// </summary>
internal sealed class RunProblemsException(IReadOnlyList<string> problems) : Exception(string.Join("\n", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
