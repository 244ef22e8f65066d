using System.Diagnostics;
using System.Net;
using System.Text;
using Gleaner.Simulator;

namespace Gleaner.Tests.Simulator;

public class SlowRoutesTests(FastSimulatorFixture fixture) : IClassFixture<FastSimulatorFixture>
{
    private readonly HostileSimulator _sim = fixture.Simulator;

    [Fact]
    public async Task Never_ReadsTheRequestAndSendsNothing()
    {
        await using var sim = await HostileSimulator.StartAsync(SimulatorHarness.FastOptions(), TestContext.Current.CancellationToken);
        using var reply = await SimulatorHarness.RawGetAsync(sim.Url("/slow/never"));
        await sim.Handlers.WhenAsync(active => active == 1).WaitAsync(SimulatorHarness.Patience, TestContext.Current.CancellationToken);

        // The handler is running; a bounded read proves it has sent nothing (not even a status line).
        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reply.Stream.ReadAsync(new byte[1], quiet.Token).AsTask());
    }

    [Fact]
    public async Task HeaderTrickle_SendsTheStatusLineOneByteAtATime()
    {
        using var reply = await SimulatorHarness.RawGetAsync(_sim.Url("/slow/header-trickle"));
        await reply.ReadBytesOneByOneAsync(1);
        var watch = Stopwatch.StartNew();
        var next = await reply.ReadBytesOneByOneAsync(8);

        Assert.Equal("TTP/1.1 ", Encoding.ASCII.GetString(next));
        Assert.True(watch.Elapsed >= 7 * SimulatorHarness.Trickle * 0.9, $"8 bytes took only {watch.Elapsed}");
        Assert.Equal(0, reply.Stream.Socket.Available); // nothing queued beyond the byte just due
    }

    [Fact]
    public async Task BodyTrickle_HeadersFastThenOneBytePerInterval()
    {
        using var client = SimulatorHarness.Client();
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(_sim.Url("/slow/body-trickle"), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Content.Headers.ContentLength > 1000);

        await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        var buffer = new byte[64];
        using var timeout = new CancellationTokenSource(SimulatorHarness.Patience);
        watch.Restart();
        var total = 0;
        for (var reads = 0; reads < 6; reads++)
        {
            var read = await body.ReadAsync(buffer, timeout.Token);
            Assert.InRange(read, 1, 2); // never a burst: at most the byte due plus one that came due meanwhile
            total += read;
        }
        Assert.True(watch.Elapsed >= (total - 2) * SimulatorHarness.Trickle * 0.9);
    }

    [Theory]
    [InlineData("/slow/header-trickle")]
    [InlineData("/slow/body-trickle")]
    [InlineData("/slow/never")]
    public async Task Trickle_ClientDisconnects_HandlerEnds(string path)
    {
        // A private simulator, so the count of running handlers is this test's alone.
        await using var sim = await HostileSimulator.StartAsync(SimulatorHarness.FastOptions(), TestContext.Current.CancellationToken);
        using (var reply = await SimulatorHarness.RawGetAsync(sim.Url(path)))
        {
            await sim.Handlers.WhenAsync(active => active == 1).WaitAsync(SimulatorHarness.Patience, TestContext.Current.CancellationToken);
            if (path != "/slow/never")
                await reply.ReadBytesOneByOneAsync(2);
        }
        await sim.Handlers.WhenAsync(active => active == 0).WaitAsync(SimulatorHarness.Patience, TestContext.Current.CancellationToken);
    }
}
