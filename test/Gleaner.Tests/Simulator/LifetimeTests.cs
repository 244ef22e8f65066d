using System.Diagnostics;
using System.Net.Sockets;
using Gleaner.Simulator;

namespace Gleaner.Tests.Simulator;

public class LifetimeTests
{
    [Fact]
    public async Task DisposeAsync_WithHangingConnectionsOpen_ReturnsWithinASecondAndClosesThem()
    {
        var sim = await HostileSimulator.StartAsync(SimulatorHarness.FastOptions(), TestContext.Current.CancellationToken);
        string[] paths = ["/slow/never", "/slow/header-trickle", "/slow/body-trickle", "/size/endless-chunked", "/size/many-headers"];
        var replies = new List<RawReply>();
        try
        {
            foreach (var path in paths)
                replies.Add(await SimulatorHarness.RawGetAsync(sim.Url(path)));
            await sim.Handlers.WhenAsync(active => active == paths.Length).WaitAsync(SimulatorHarness.Patience, TestContext.Current.CancellationToken);

            var watch = Stopwatch.StartNew();
            await sim.DisposeAsync();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"DisposeAsync took {watch.Elapsed}");
            Assert.Equal(0, sim.Handlers.Active);

            foreach (var reply in replies)
                await DrainUntilClosedAsync(reply);
        }
        finally
        {
            foreach (var reply in replies)
                reply.Dispose();
        }
    }

    [Fact]
    public async Task DisposeAsync_Twice_IsHarmless()
    {
        var sim = await HostileSimulator.StartAsync(SimulatorHarness.FastOptions(), TestContext.Current.CancellationToken);
        await sim.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task StartAsync_BindsLoopbackOnDistinctEphemeralPorts()
    {
        await using var a = await HostileSimulator.StartAsync(SimulatorHarness.FastOptions(), TestContext.Current.CancellationToken);
        await using var b = await HostileSimulator.StartAsync(SimulatorHarness.FastOptions(), TestContext.Current.CancellationToken);
        Assert.Equal("127.0.0.1", a.BaseUri.Host);
        Assert.Equal("127.0.0.1", a.RawBaseUri.Host);
        Assert.Equal(4, new[] { a.BaseUri.Port, a.RawBaseUri.Port, b.BaseUri.Port, b.RawBaseUri.Port }.Distinct().Count());
    }

    // After dispose each client must see its connection end (EOF or reset), whatever was sent before.
    private static async Task DrainUntilClosedAsync(RawReply reply)
    {
        using var timeout = new CancellationTokenSource(SimulatorHarness.Patience);
        var buffer = new byte[256 * 1024];
        try
        {
            while (await reply.Stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (IOException e) when (e.InnerException is SocketException)
        {
        }
    }
}
