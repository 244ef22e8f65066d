using System.Net.Sockets;
using System.Text;
using Gleaner.Simulator;

namespace Gleaner.Tests.Simulator;

public class ProtocolRoutesTests(FastSimulatorFixture fixture) : IClassFixture<FastSimulatorFixture>
{
    private readonly HostileSimulator _sim = fixture.Simulator;

    [Fact]
    public async Task LyingLength_DeclaresMoreThanItSendsThenCloses()
    {
        using var reply = await SimulatorHarness.RawGetAsync(_sim.Url("/protocol/lying-length"));
        var head = await reply.ReadHeadAsync();
        var body = await reply.ReadToEndAsync(200_000);
        Assert.Contains("\r\nContent-Length: 100000\r\n", head, StringComparison.Ordinal);
        Assert.Equal(1_000, body.Length);
    }

    [Fact]
    public async Task LyingLength_HttpClient_FailsWhileReadingTheBody()
    {
        using var client = SimulatorHarness.Client();
        using var response = await client.GetAsync(_sim.Url("/protocol/lying-length"), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reset_MidBody_IsAConnectionReset()
    {
        using var reply = await SimulatorHarness.RawGetAsync(_sim.Url("/protocol/reset"));
        var head = await reply.ReadHeadAsync();
        Assert.StartsWith("HTTP/1.1 200 OK", head, StringComparison.Ordinal);

        var error = await Assert.ThrowsAnyAsync<IOException>(() => reply.ReadToEndAsync(200_000));
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
    }

    [Fact]
    public async Task SshBanner_SendsNoHttpStatusLine()
    {
        using var reply = await SimulatorHarness.RawGetAsync(_sim.Url("/protocol/ssh-banner"));
        var text = Encoding.ASCII.GetString(await reply.ReadToEndAsync(64 * 1024));
        Assert.StartsWith("SSH-2.0-OpenSSH", text, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP/", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BinaryGarbage_SendsNoHttpStatusLine()
    {
        using var reply = await SimulatorHarness.RawGetAsync(_sim.Url("/protocol/binary-garbage"));
        var bytes = await reply.ReadToEndAsync(64 * 1024);
        Assert.Equal(4096, bytes.Length);
        Assert.Equal(0, bytes[0]);
        Assert.DoesNotContain("HTTP/", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/protocol/ssh-banner")]
    [InlineData("/protocol/binary-garbage")]
    public async Task NotHttp_HttpClient_RejectsTheResponse(string path)
    {
        using var client = SimulatorHarness.Client();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(_sim.Url(path), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task BadChunkSize_HttpClient_FailsOnTheBody()
    {
        using var client = SimulatorHarness.Client();
        using var response = await client.GetAsync(_sim.Url("/protocol/bad-chunk-size"), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.True(response.Headers.TransferEncodingChunked);
        await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken));
    }
}
