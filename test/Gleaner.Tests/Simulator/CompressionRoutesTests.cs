using System.IO.Compression;
using Gleaner.Simulator;

namespace Gleaner.Tests.Simulator;

public class CompressionRoutesTests(FastSimulatorFixture fixture) : IClassFixture<FastSimulatorFixture>
{
    private readonly HostileSimulator _sim = fixture.Simulator;

    [Theory]
    [InlineData("/compression/gzip-bomb", "gzip")]
    [InlineData("/compression/brotli-bomb", "br")]
    [InlineData("/compression/deflate-bomb", "deflate")]
    public async Task Bomb_SmallOnTheWire_DecodesToExactlyBombDecodedBytes(string path, string coding)
    {
        using var client = SimulatorHarness.Client();
        using var response = await client.GetAsync(_sim.Url(path), TestContext.Current.CancellationToken);
        var wire = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal([coding], response.Content.Headers.ContentEncoding);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(wire.Length, response.Content.Headers.ContentLength);
        Assert.True(wire.LongLength * 500 < SimulatorHarness.BombBytes, $"{wire.Length} wire bytes is not a bomb");

        await using var decoded = Decoder(coding, new MemoryStream(wire));
        Assert.Equal(SimulatorHarness.BombBytes, await SizeRoutesTests.CountAsync(decoded, SimulatorHarness.BombBytes + 1));
    }

    [Fact]
    public async Task Bomb_SecondRequest_ServesTheCachedBytes()
    {
        using var client = SimulatorHarness.Client();
        var first = await client.GetByteArrayAsync(_sim.Url("/compression/gzip-bomb"), TestContext.Current.CancellationToken);
        var second = await client.GetByteArrayAsync(_sim.Url("/compression/gzip-bomb"), TestContext.Current.CancellationToken);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Bomb_DecodedBody_StartsAsHtmlText()
    {
        using var client = SimulatorHarness.Client();
        var wire = await client.GetByteArrayAsync(_sim.Url("/compression/brotli-bomb"), TestContext.Current.CancellationToken);
        await using var decoded = Decoder("br", new MemoryStream(wire));
        var start = new byte[120];
        await decoded.ReadExactlyAsync(start, TestContext.Current.CancellationToken);
        Assert.StartsWith("<!DOCTYPE html>", System.Text.Encoding.ASCII.GetString(start), StringComparison.Ordinal);
        Assert.DoesNotContain((byte)0, start);
    }

    private static Stream Decoder(string coding, Stream wire) => coding switch
    {
        "gzip" => new GZipStream(wire, CompressionMode.Decompress),
        "br" => new BrotliStream(wire, CompressionMode.Decompress),
        _ => new ZLibStream(wire, CompressionMode.Decompress),
    };
}
