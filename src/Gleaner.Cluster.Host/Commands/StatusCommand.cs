using System.CommandLine;
using Gleaner.Cluster.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gleaner.Cluster.Host.Commands;

/// <summary>
/// <c>gleaner-cluster status</c>: connects to the cluster as a client and prints one line per silo in its membership
/// table: address, status (Active, Joining, ShuttingDown, Dead…) and name (dead silos stay listed until Orleans
/// cleans its table); then one line per active host grain (leases in use, limit, waiting) and per silo running batch
/// pieces (pieces, targets in flight, done).
/// </summary>
internal static class StatusCommand
{
    /// <summary>How long connecting to a gateway and asking may take before the command gives up.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static Command Create()
    {
        var membership = new MembershipOptions();
        var gatewayPort = MembershipOptions.Port("--gateway-port", SiloEndpoints.DefaultGatewayPort, "The local silo's gateway port (localhost clustering; with --redis or --postgres the gateways come from the membership table)");
        var command = new Command("status", "List the cluster's silos, the hosts being fetched (leases in use) and the batch pieces in flight.") { gatewayPort };
        membership.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (chosen, problems) = membership.Read(parsed);
            if (chosen is null)
            {
                return Usage.Report(problems, "Nothing was asked.");
            }

            using var interrupt = Interrupt.Listen("", cancellationToken);
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(interrupt.Token);
            patience.CancelAfter(Patience);
            // The client's own warnings (a gateway of a dead silo refusing, a retry) are not the answer; a failure is one line.
            var builder = QuietHost.CreateBuilder(LogLevel.None);
            builder.UseOrleansClient(client => chosen.ConfigureClient(client, parsed.GetValue(gatewayPort)));
            using var host = builder.Build();
            try
            {
                await host.StartAsync(patience.Token);
                var management = host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
                var hosts = await management.GetDetailedHosts(onlyActive: false, patience.Token);
                foreach (var silo in hosts.OrderBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal))
                {
                    Console.WriteLine($"{silo.SiloAddress.ToParsableString()} {silo.Status} {silo.SiloName}");
                }

                foreach (var line in await ClusterActivity.DescribeAsync(host.Services.GetRequiredService<IClusterClient>(), patience.Token))
                {
                    Console.WriteLine(line);
                }
            }
            catch (OperationCanceledException) when (interrupt.Requested)
            {
                return interrupt.ExitCode;
            }
            catch (OperationCanceledException) when (patience.IsCancellationRequested)
            {
                Console.Error.WriteLine($"gleaner-cluster: no silo of the cluster '{chosen.ClusterId}' answered within {Patience.TotalSeconds:0} s ({chosen.Describe()}); is one running?");
                return ExitCodes.Failure;
            }
#pragma warning disable CA1031 // An unreachable cluster is the user's to fix: one line, not a trace.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Console.Error.WriteLine($"gleaner-cluster: could not reach the cluster '{chosen.ClusterId}' ({chosen.Describe()}): {e.GetBaseException().Message}");
                return ExitCodes.Failure;
            }

            await host.StopAsync(CancellationToken.None);
            return ExitCodes.Ok;
        });
        return command;
    }
}
