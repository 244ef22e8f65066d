namespace Gleaner.Cluster.Host.Commands;

/// <summary>Usage errors: every problem on its own line, then what did not happen; exit 2.</summary>
internal static class Usage
{
    public static int Report(IEnumerable<string> problems, string nothingDone)
    {
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"usage: {problem}");
        }

        Console.Error.WriteLine(nothingDone);
        return ExitCodes.Usage;
    }
}
