using System.Net.Http.Json;
using Gleaner.Simulator;

namespace Gleaner.Tests.Simulator;

/// <summary>The traffic log: what reached each server, by Host header and request target.</summary>
public class TrafficTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Traffic_CountsRequestsPerServerHostAndTarget()
    {
        await using var sim = await HostileSimulator.StartAsync(SimulatorHarness.FastOptions(), Ct);
        using var client = SimulatorHarness.Client();
        for (var i = 0; i < 2; i++)
        {
            using var page = await client.GetAsync(sim.Url("/good/plain?n=1"), Ct);
        }

        using (var banner = await SimulatorHarness.RawGetAsync(sim.Url("/protocol/ssh-banner?n=2")))
        {
            await banner.ReadToEndAsync(64 << 10);
        }

        var traffic = sim.Traffic();

        Assert.Contains(new TrafficEntry("kestrel", sim.BaseUri.Authority, "/good/plain?n=1", 2), traffic);
        Assert.Contains(new TrafficEntry("raw", sim.RawBaseUri.Authority, "/protocol/ssh-banner?n=2", 1), traffic);
        Assert.Equal(2, traffic.Count);
    }

    [Fact]
    public async Task TrafficRoute_ServesTheLogAsJsonAndDoesNotCountItself()
    {
        await using var sim = await HostileSimulator.StartAsync(SimulatorHarness.FastOptions(), Ct);
        using var client = SimulatorHarness.Client();
        using var ignored = await client.GetAsync(sim.Url("/status/404"), Ct);

        var served = await client.GetFromJsonAsync<List<TrafficEntry>>(sim.Url("/_sim/traffic"), Ct);

        Assert.Equal([new TrafficEntry("kestrel", sim.BaseUri.Authority, "/status/404", 1)], served);
        Assert.DoesNotContain(sim.Traffic(), e => e.Target.StartsWith("/_sim", StringComparison.Ordinal));
    }
}
