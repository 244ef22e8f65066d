using System.CommandLine;
using Gleaner.Cluster.Host.Commands;

var root = new RootCommand("gleaner-cluster: Gleaner's cluster mode on Microsoft Orleans (nodes, batch runs, watch lists, status).")
{
    SiloCommand.Create(),
    RunCommand.Create(),
    WatchCommand.Create(),
    StatusCommand.Create(),
    SchemaCommand.Create(),
};

// No response files: an argument starting with @ is a value, never a file of more arguments.
var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"usage: {error.Message}");
    }

    Console.Error.WriteLine("Run 'gleaner-cluster --help' for the commands and their options.");
    return ExitCodes.Usage;
}

try
{
    // A signal cancels the action's token and the command stops its host itself; no fixed grace time from the parser.
    return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    Console.Error.WriteLine($"gleaner-cluster: internal error: {e.GetType().Name}: {e.Message} (a bug in Gleaner)");
    return ExitCodes.Internal;
}
