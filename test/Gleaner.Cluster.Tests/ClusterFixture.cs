using Orleans.TestingHost;

namespace Gleaner.Cluster.Tests;

/// <summary>Orleans' in-process test cluster: three silos with Gleaner's grains on the system clock, and a client.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int Silos = 3;

    private InProcessTestCluster? _cluster;

    public IClusterClient Client => _cluster!.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(Silos);
        builder.ConfigureSilo((_, silo) => silo.AddGleanerGrains());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }
}
