using Gleaner.Cluster;
using Orleans.TestingHost;

namespace GrantBench;

/// <summary>Orleans' in-process test cluster with Gleaner's grains (as the cluster tests' fixture), and its client.</summary>
internal sealed class HostCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private HostCluster(InProcessTestCluster cluster) => _cluster = cluster;

    public IClusterClient Client => _cluster.Client;

    public static async Task<HostCluster> StartAsync(int silos)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((_, silo) => silo.AddGleanerGrains());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new HostCluster(cluster);
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }
}
