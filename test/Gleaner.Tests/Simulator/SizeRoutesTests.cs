using System.Text;
using Gleaner.Simulator;

namespace Gleaner.Tests.Simulator;

public class SizeRoutesTests(FastSimulatorFixture fixture) : IClassFixture<FastSimulatorFixture>
{
    private readonly HostileSimulator _sim = fixture.Simulator;

    [Fact]
    public async Task EndlessChunked_KeepsSendingPastAnyCap()
    {
        using var client = SimulatorHarness.Client();
        using var response = await client.GetAsync(_sim.Url("/size/endless-chunked"), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.True(response.Headers.TransferEncodingChunked);
        await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(SimulatorHarness.Patience);
        var buffer = new byte[64 * 1024];
        long total = 0;
        while (total < 16L << 20)
        {
            var read = await body.ReadAsync(buffer, timeout.Token);
            Assert.NotEqual(0, read);
            total += read;
        }
    }

    [Fact]
    public async Task HugeContentLength_DeclaresAndSendsHugeBodyBytes()
    {
        using var client = SimulatorHarness.Client();
        using var response = await client.GetAsync(_sim.Url("/size/huge-content-length"), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(SimulatorHarness.HugeBytes, response.Content.Headers.ContentLength);
        await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        Assert.Equal(SimulatorHarness.HugeBytes, await CountAsync(body, SimulatorHarness.HugeBytes + 1));
    }

    [Fact]
    public async Task HugeCloseDelimited_HasNoFramingAndEndsWithFin()
    {
        using var reply = await SimulatorHarness.RawGetAsync(_sim.Url("/size/huge-close-delimited"));
        var head = await reply.ReadHeadAsync();
        var body = await reply.ReadToEndAsync(SimulatorHarness.HugeBytes);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head, StringComparison.Ordinal);
        Assert.DoesNotContain("Content-Length", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Transfer-Encoding", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(SimulatorHarness.HugeBytes, body.LongLength);
    }

    [Fact]
    public async Task ManyHeaders_SendsOneHundredThousandHeaderLines()
    {
        using var reply = await SimulatorHarness.RawGetAsync(_sim.Url("/size/many-headers"));
        var text = Encoding.ASCII.GetString(await reply.ReadToEndAsync(8 << 20));
        var head = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        var lines = head.Split("\r\n");

        Assert.Equal(100_000, lines.Count(l => l.StartsWith("X-Filler-", StringComparison.Ordinal)));
        Assert.Equal("X-Filler-100000: 100000", lines.Single(l => l.StartsWith("X-Filler-100000:", StringComparison.Ordinal)));
        Assert.EndsWith("\r\n\r\nok\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeHeaderLine_SendsOneMebibyteValue()
    {
        using var reply = await SimulatorHarness.RawGetAsync(_sim.Url("/size/huge-header-line"));
        var text = Encoding.ASCII.GetString(await reply.ReadToEndAsync(4 << 20));
        var line = text.Split("\r\n").Single(l => l.StartsWith("X-Huge: ", StringComparison.Ordinal));
        Assert.Equal(1 << 20, line.Length - "X-Huge: ".Length);
    }

    internal static async Task<long> CountAsync(Stream stream, long limit)
    {
        using var timeout = new CancellationTokenSource(SimulatorHarness.Patience);
        var buffer = new byte[256 * 1024];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            total += read;
            Assert.True(total <= limit, $"more than {limit} bytes");
        }
        return total;
    }
}
