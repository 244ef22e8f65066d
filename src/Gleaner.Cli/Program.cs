using System.CommandLine;
using Gleaner.Cli;
using Gleaner.Cli.Commands;

// gleaner cluster … is gleaner-cluster …: its arguments are its own, so they are not parsed here.
if (args.Length > 0 && args[0] == ClusterCommand.Name && OperatingSystem.IsLinux())
{
    return ClusterCommand.Become(args[1..]);
}

var verbose = new Option<bool>("--verbose") { Description = "On an unexpected error, print its full trace too", Recursive = true };
var root = new RootCommand("gleaner: pull values out of web pages and JSON APIs; every target ends as a value or a named failure.")
{
    GetCommand.Create(),
    RunCommand.Create(),
    WatchCommand.Create(),
    HistoryCommand.Create(),
    ExportCommand.Create(),
    ServeCommand.Create(),
    ClusterCommand.Create(),

    DemoCommand.Create(),
    SimCommand.Create(),
};
root.Options.Add(verbose);

// No response files: an argument starting with @ is a value (--data @FILE, a regex), never a file of more arguments.
var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"usage: {error.Message}");
    }

    Console.Error.WriteLine("Run 'gleaner --help' for the commands and their options.");
    return ExitCodes.Usage;
}

try
{
    // Ctrl-C cancels the action's token and Gleaner winds down itself (in-flight fetches end within their own
    // deadlines, outputs are flushed); the library must not kill the process after a fixed grace time.
    return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    // No stack trace reaches a user unasked: one line says what failed.
    return UnexpectedError.Report(e, parsed.GetValue(verbose) || Environment.GetEnvironmentVariable("GLEANER_VERBOSE") is "1" or "true");
}
