using System.CommandLine;
using System.Net;
using Gleaner.Cluster.Host.Hosting;
using Gleaner.Cluster.Watching;
using Gleaner.Postgres;
using Gleaner.Storage.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gleaner.Cluster.Host.Commands;

/// <summary>
/// <c>gleaner-cluster silo</c>: runs one node until SIGINT or SIGTERM, then stops it gracefully (its grains move to
/// the other silos) and exits with 130 or 143.
/// </summary>
internal static class SiloCommand
{
    public static Command Create()
    {
        var membership = new MembershipOptions();
        var store = new WatchStoreOption();
        var port = MembershipOptions.Port("--port", SiloEndpoints.DefaultSiloPort, "The port silos talk to each other on");
        var gatewayPort = MembershipOptions.Port("--gateway-port", SiloEndpoints.DefaultGatewayPort, "The port clients connect to");
        var advertise = new Option<string?>("--advertise")
        {
            Description = "The IP address this silo listens on and gives the other silos (with --redis or --postgres; default 127.0.0.1: Orleans traffic is not authenticated, so expose it only on a private network)",
            HelpName = "IP",
        };
        var command = new Command("silo", "Run a Gleaner node (an Orleans silo) until Ctrl-C or SIGTERM.") { port, gatewayPort, advertise };
        membership.AddTo(command);
        store.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (chosen, problems) = membership.Read(parsed);
            var problemList = problems.ToList();
            var address = IPAddress.Loopback;
            var text = parsed.GetValue(advertise);
            if (text is not null && !IPAddress.TryParse(text, out address!))
            {
                problemList.Add($"--advertise {text}: expected an IP address, e.g. 10.0.0.5");
            }
            else if (text is not null && chosen is { IsLocal: true })
            {
                problemList.Add("--advertise needs --redis or --postgres: localhost clustering is one node on loopback");
            }

            if (parsed.GetValue(port) == parsed.GetValue(gatewayPort))
            {
                problemList.Add($"--port and --gateway-port are both {parsed.GetValue(port)}: a silo needs two ports");
            }

            StoreChoice? storeChoice = null;
            if (chosen is not null)
            {
                (storeChoice, var storeProblem) = store.Read(parsed, chosen);
                if (storeProblem is not null)
                {
                    problemList.Add(storeProblem);
                }
            }

            if (chosen is null || storeChoice is null || problemList.Count > 0)
            {
                return Usage.Report(problemList, "No silo was started.");
            }

            var endpoints = new SiloEndpoints(address, parsed.GetValue(port), parsed.GetValue(gatewayPort));
            using var interrupt = Interrupt.Listen("", cancellationToken);
            return await RunAsync(chosen, endpoints, storeChoice, interrupt);
        });
        return command;
    }

    private static async Task<int> RunAsync(Membership membership, SiloEndpoints endpoints, StoreChoice store, Interrupt interrupt)
    {
        WatchStorage? watch;
        try
        {
            watch = await store.OpenAsync(interrupt.Token);
        }
        catch (OperationCanceledException) when (interrupt.Requested)
        {
            return interrupt.ExitCode;
        }
#pragma warning disable CA1031 // A store that cannot be opened (in use, another program's file, PostgreSQL down) is the user's to fix: one line.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // The store's own refusals say what to do and keep the driver's error inside as evidence: theirs is the line.
            var message = e is SampleStoreMismatchException or WatchRegistryMismatchException or WatchTablesPermissionException ? e.Message : e.GetBaseException().Message;
            Console.Error.WriteLine($"gleaner-cluster: the silo did not start: its watch store ({store}) could not be opened: {message}");
            return ExitCodes.Failure;
        }

        // The silo owns the store from here: it is disposed with the silo's services.
        using var host = SiloHost.Build(membership, endpoints, watch);
        try
        {
            await membership.PrepareSiloAsync(interrupt.Token);
            await host.StartAsync(interrupt.Token);
        }
        catch (OperationCanceledException) when (interrupt.Requested)
        {
            return interrupt.ExitCode;
        }
#pragma warning disable CA1031 // Any failure to start (a port taken, Redis or PostgreSQL down, no right to create the tables) is the user's to fix: one line, not a trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"gleaner-cluster: the silo did not start ({membership.Describe()}): {e.GetBaseException().Message}");
            return ExitCodes.Failure;
        }

        var silo = host.Services.GetRequiredService<ILocalSiloDetails>();
        Console.WriteLine($"silo up: cluster {membership.ClusterId}, silo {silo.SiloAddress.ToParsableString()}, gateway port {endpoints.GatewayPort}, watch store {store}");

        // The silo also stops on its own when the cluster declares it dead; that is a failure, not a signal.
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(interrupt.Token, stopping);
        await Task.Delay(Timeout.Infinite, either.Token).ContinueWith(_ => { }, TaskScheduler.Default);

        using var grace = new CancellationTokenSource(SiloHost.StopGrace);
        await host.StopAsync(grace.Token);
        if (interrupt.Requested)
        {
            return interrupt.ExitCode;
        }

        Console.Error.WriteLine("gleaner-cluster: the silo stopped on its own (the cluster declared it dead, or it lost its membership)");
        return ExitCodes.Failure;
    }
}
