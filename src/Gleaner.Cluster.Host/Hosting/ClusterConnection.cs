using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gleaner.Cluster.Host.Hosting;

/// <summary>A client joined to a cluster, and how many silos it found: what <c>run</c> and <c>watch</c> submit through.</summary>
internal sealed class ClusterConnection : IDisposable
{
    private static readonly TimeSpan ConnectPatience = TimeSpan.FromSeconds(15);

    private readonly IHost _host;

    private ClusterConnection(IHost host, int silos) => (_host, Silos) = (host, silos);

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public int Silos { get; }

    /// <summary>
    /// The connection, or the exit code when there is none: the interrupt's, or a failure after one line saying why
    /// (no silo answered within 15 s, or the membership store could not be read).
    /// </summary>
    public static async Task<(ClusterConnection? Connection, int Exit)> OpenAsync(Membership cluster, int gatewayPort, Interrupt interrupt)
    {
        var builder = QuietHost.CreateBuilder(LogLevel.None);
        builder.UseOrleansClient(client => cluster.ConfigureClient(client, gatewayPort));
        var host = builder.Build();
        try
        {
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(interrupt.Token);
            patience.CancelAfter(ConnectPatience);
            await host.StartAsync(patience.Token);
            var management = host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
            var silos = (await management.GetHosts(onlyActive: true).WaitAsync(patience.Token)).Count;
            return (new ClusterConnection(host, silos), ExitCodes.Ok);
        }
        catch (OperationCanceledException) when (interrupt.Requested)
        {
            host.Dispose();
            return (null, interrupt.ExitCode);
        }
#pragma warning disable CA1031 // An unreachable cluster is the user's to fix: one line, not a trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            host.Dispose();
            var why = e is OperationCanceledException ? $"no silo answered within {ConnectPatience.TotalSeconds:0} s; is one running?" : e.GetBaseException().Message;
            Console.Error.WriteLine($"gleaner-cluster: could not reach the cluster '{cluster.ClusterId}' ({cluster.Describe()}): {why}");
            return (null, ExitCodes.Failure);
        }
    }

    public Task StopAsync() => _host.StopAsync(CancellationToken.None);

    public void Dispose() => _host.Dispose();
}
