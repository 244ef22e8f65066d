using System.Net;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Gleaner.Cluster.Host.Hosting;

/// <summary>
/// Where the silos of one cluster find each other: localhost clustering (one node, nothing to install) or a Redis
/// membership table shared by every silo and client of <see cref="ClusterId"/>.
/// </summary>
internal sealed record Membership(string ClusterId, string? Redis)
{
    /// <summary>The service ID is fixed: grain state and reminders of every Gleaner cluster are keyed by it.</summary>
    public const string ServiceId = "gleaner";

    public const string DefaultClusterId = "gleaner";

    public string Describe() => Redis is null ? "localhost clustering" : $"Redis at {Redis}";

    /// <summary>Joins the silo to the cluster; it listens on <paramref name="advertise"/> (loopback unless asked).</summary>
    public void ConfigureSilo(ISiloBuilder silo, IPAddress advertise, int siloPort, int gatewayPort)
    {
        if (Redis is null)
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: ServiceId, clusterId: ClusterId);
            silo.UseInMemoryReminderService();
            return;
        }

        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ServiceId));
        silo.ConfigureEndpoints(advertise, siloPort, gatewayPort);
        silo.UseRedisClustering(o => o.ConfigurationOptions = RedisOptions());
        silo.UseRedisReminderService(o => o.ConfigurationOptions = RedisOptions());
    }

    /// <summary>Makes the client find gateways: the local one on <paramref name="gatewayPort"/>, or those Redis lists.</summary>
    public void ConfigureClient(IClientBuilder client, int gatewayPort)
    {
        if (Redis is null)
        {
            client.UseLocalhostClustering(gatewayPort, ServiceId, ClusterId);
            return;
        }

        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ServiceId));
        client.UseRedisClustering(o => o.ConfigurationOptions = RedisOptions());
    }

    // Redis unreachable at start fails the start (one clear line) rather than a silo that waits without saying so.
    private ConfigurationOptions RedisOptions() => ConfigurationOptions.Parse(Redis!);
}
