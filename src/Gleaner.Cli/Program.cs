using System.CommandLine;
using Gleaner.Cli;
using Gleaner.Cli.Commands;

var root = new RootCommand("gleaner: pull values out of web pages and JSON APIs; every target ends as a value or a named failure.")
{
    GetCommand.Create(),
    RunCommand.Create(),

    DemoCommand.Create(),
    SimCommand.Create(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"usage: {error.Message}");
    }

    Console.Error.WriteLine("Run 'gleaner --help' for the commands and their options.");
    return ExitCodes.Usage;
}

// Ctrl-C cancels the action's token and Gleaner winds down itself (in-flight fetches end within their own
// deadlines, outputs are flushed); the library must not kill the process after a fixed grace time.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
