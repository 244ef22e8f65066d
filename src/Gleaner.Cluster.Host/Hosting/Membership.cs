using System.Net;
using Microsoft.Extensions.Hosting;
using Gleaner.Postgres;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Gleaner.Cluster.Host.Hosting;

/// <summary>
/// Where the silos of one cluster find each other: localhost clustering (one node, nothing to install), or a
/// membership table shared by every silo and client of <see cref="ClusterId"/> in Redis (<see cref="Redis"/>, HOST:PORT)
/// or in PostgreSQL (<see cref="Postgres"/>, a connection string). Reminders live in the same place.
/// </summary>
internal sealed record Membership(string ClusterId, string? Redis, string? Postgres = null)
{
    /// <summary>The service ID is fixed: grain state and reminders of every Gleaner cluster are keyed by it.</summary>
    public const string ServiceId = "gleaner";

    public const string DefaultClusterId = "gleaner";

    /// <summary>Orleans' ADO.NET name for Npgsql.</summary>
    private const string NpgsqlInvariant = "Npgsql";

    /// <summary>One node on loopback: no membership table to share.</summary>
    public bool IsLocal => Redis is null && Postgres is null;

    /// <summary>The membership for messages: never a connection string's password.</summary>
    public string Describe()
    {
        if (Postgres is not null)
        {
            return PostgresConnection.Describe(Postgres);
        }

        return Redis is null ? "localhost clustering" : $"Redis at {Redis}";
    }

    /// <summary>Never the record's own listing of its properties: it would print the password.</summary>
    public override string ToString() => $"cluster {ClusterId} on {Describe()}";

    /// <summary>Readies the membership store before a silo joins: on PostgreSQL, the providers' tables.</summary>
    public Task PrepareSiloAsync(CancellationToken cancellationToken) =>
        Postgres is null ? Task.CompletedTask : PostgresSchema.EnsureAsync(Postgres, cancellationToken);

    /// <summary>Joins the silo to the cluster; it listens on <paramref name="advertise"/> (loopback unless asked).</summary>
    public void ConfigureSilo(ISiloBuilder silo, IPAddress advertise, int siloPort, int gatewayPort)
    {
        if (IsLocal)
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: ServiceId, clusterId: ClusterId);
            silo.UseInMemoryReminderService();
            return;
        }

        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ServiceId));
        silo.ConfigureEndpoints(advertise, siloPort, gatewayPort);
        if (Postgres is not null)
        {
            silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (NpgsqlInvariant, Postgres));
            silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (NpgsqlInvariant, Postgres));
            return;
        }

        silo.UseRedisClustering(o => o.ConfigurationOptions = RedisOptions());
        silo.UseRedisReminderService(o => o.ConfigurationOptions = RedisOptions());
    }

    /// <summary>Makes the client find gateways: the local one on <paramref name="gatewayPort"/>, or those the table lists.</summary>
    public void ConfigureClient(IClientBuilder client, int gatewayPort)
    {
        if (IsLocal)
        {
            client.UseLocalhostClustering(gatewayPort, ServiceId, ClusterId);
            return;
        }

        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ServiceId));
        if (Postgres is not null)
        {
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (NpgsqlInvariant, Postgres));
            return;
        }

        client.UseRedisClustering(o => o.ConfigurationOptions = RedisOptions());
    }

    // Redis unreachable at start fails the start (one clear line) rather than a silo that waits without saying so.
    private ConfigurationOptions RedisOptions() => ConfigurationOptions.Parse(Redis!);
}
