using System.Net;

namespace Gleaner.Cluster.Host.Hosting;

/// <summary>
/// Where a silo listens: silo-to-silo traffic on <see cref="SiloPort"/>, clients on <see cref="GatewayPort"/>, both on
/// <see cref="Advertise"/>. Orleans traffic is not authenticated, so the default is loopback.
/// </summary>
internal sealed record SiloEndpoints(IPAddress Advertise, int SiloPort, int GatewayPort)
{
    /// <summary>Orleans' own defaults.</summary>
    public const int DefaultSiloPort = 11111;

    /// <inheritdoc cref="DefaultSiloPort"/>
    public const int DefaultGatewayPort = 30000;
}
