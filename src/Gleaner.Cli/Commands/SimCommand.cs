using System.CommandLine;
using Gleaner.Simulator;

namespace Gleaner.Cli.Commands;

/// <summary><c>gleaner sim</c>: runs the hostile simulator on loopback until Ctrl-C.</summary>
internal static class SimCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default: any free port)" };
        var command = new Command("sim", "Run the hostile web simulator on loopback and print its routes.") { port };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            HostileSimulator sim;
            try
            {
                sim = await HostileSimulator.StartAsync(new SimulatorOptions { Port = parsed.GetValue(port) }, cancellationToken);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"usage: cannot listen on 127.0.0.1:{parsed.GetValue(port)}: {e.Message}");
                return ExitCodes.Usage;
            }

            await using var _ = sim;
            // Listening before the banner: a script that waits for it and then sends SIGTERM gets a clean stop.
            using var interrupt = Interrupt.Listen("stopping the simulator", cancellationToken);
            Console.Out.WriteLine($"Gleaner simulator on {sim.BaseUri} (raw-socket routes on {sim.RawBaseUri}); Ctrl-C stops it.");
            Console.Out.WriteLine();
            foreach (var group in sim.Routes.GroupBy(r => r.Group))
            {
                Console.Out.WriteLine($"[{group.Key}]");
                foreach (var route in group)
                {
                    Console.Out.WriteLine($"  {route.Url,-55} {route.ExpectedOutcome,-20} {route.Description}");
                }
            }

            try
            {
                await Task.Delay(Timeout.Infinite, interrupt.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: stop the simulator and exit cleanly.
            }

            return 0;
        });
        return command;
    }
}
