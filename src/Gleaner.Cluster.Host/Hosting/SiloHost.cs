using Gleaner.Cluster.Watching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gleaner.Cluster.Host.Hosting;

/// <summary>A Gleaner node: an Orleans silo with Gleaner's grains, joined to <see cref="Membership"/>.</summary>
internal static class SiloHost
{
    /// <summary>How long a graceful stop may take before the silo stops without handing its work over.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(8);

    public static IHost Build(Membership membership, SiloEndpoints endpoints, WatchStorage? watch)
    {
        var builder = QuietHost.CreateBuilder(LogLevel.Warning);
        // Orleans' watchdog warns at every start that its check "has not completed for" the hours since the machine
        // booted (it measures from a zero timestamp), "potentially indicating … deadlock": not a problem of the
        // silo's, and the first line a user would read. Its later warnings go with it.
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.UseOrleans(silo =>
        {
            membership.ConfigureSilo(silo, endpoints.Advertise, endpoints.SiloPort, endpoints.GatewayPort);
            // Reminders of localhost clustering live in memory: a silo that starts wakes every registered target itself.
            silo.AddGleanerGrains(watch: watch, wakeAllAtStart: membership.IsLocal);
        });
        return builder.Build();
    }
}
