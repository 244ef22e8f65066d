using Gleaner.Fetching;
using static Gleaner.Tests.Fetching.Http2.Http2FrameServer;

namespace Gleaner.Tests.Fetching.Http2;

/// <summary>
/// A server that misbehaves at the HTTP/2 layer, frame by frame (<see cref="Http2FrameServer"/>): every such
/// response ends as a named failure of the one fetch it hurts, never as an exception or a hang.
/// </summary>
public sealed class Http2MisbehavingServerTests : IDisposable
{
    private const uint InternalError = 0x2;
    private static readonly (string, string)[] Ok = [(":status", "200"), ("content-type", "text/plain")];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly LocalCertificate _certificate = new();

    [Fact]
    public async Task FetchAsync_StreamResetBeforeHeaders_ReturnsReset()
    {
        await using var server = new Http2FrameServer(_certificate, async h2 =>
        {
            await h2.SettingsAsync();
            await h2.ResetAsync(await h2.NextRequestAsync(), InternalError);
        });
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(_certificate.Request(server.BaseUri), Ct);

        Assert.Equal(Outcome.Reset, result.Outcome);
        Assert.Equal("the server ended the HTTP/2 stream (INTERNAL_ERROR)", result.Error);
        Assert.Null(result.Status);
    }

    [Fact]
    public async Task FetchAsync_StreamResetMidBody_ReturnsResetWithTheStatus()
    {
        await using var server = new Http2FrameServer(_certificate, async h2 =>
        {
            await h2.SettingsAsync();
            var stream = await h2.NextRequestAsync();
            await h2.HeadersAsync(stream, endStream: false, Ok);
            await h2.DataAsync(stream, "45 and th", endStream: false);
            await h2.ResetAsync(stream, InternalError);
        });
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(_certificate.Request(server.BaseUri), Ct);

        Assert.Equal((Outcome.Reset, "the server ended the HTTP/2 stream (INTERNAL_ERROR)"), (result.Outcome, result.Error));
        Assert.Equal((200, "2"), (result.Status, result.HttpVersion));
    }

    [Fact]
    public async Task FetchAsync_GoAwayMidResponseThenClose_ReturnsReset()
    {
        await using var server = new Http2FrameServer(_certificate, async h2 =>
        {
            await h2.SettingsAsync();
            var stream = await h2.NextRequestAsync();
            await h2.HeadersAsync(stream, endStream: false, Ok);
            await h2.DataAsync(stream, "45", endStream: false);
            await h2.GoAwayAsync(stream, InternalError);
            await h2.CloseAsync();
        });
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(_certificate.Request(server.BaseUri), Ct);

        Assert.Equal((Outcome.Reset, "the server ended the HTTP/2 stream (INTERNAL_ERROR)"), (result.Outcome, result.Error));
        Assert.Equal(200, result.Status);
    }

    [Fact]
    public async Task FetchAsync_GoAwaySaysTheRequestWasNotProcessed_SendsItAgainOnANewConnection()
    {
        var connections = 0;
        await using var server = new Http2FrameServer(_certificate, async h2 =>
        {
            await h2.SettingsAsync();
            var stream = await h2.NextRequestAsync();
            if (Interlocked.Increment(ref connections) == 1)
            {
                // Last-Stream-ID 0: no stream of this connection was processed (RFC 9113 6.8), so retrying is safe.
                await h2.GoAwayAsync(0, 0);
                await h2.CloseAsync();
                return;
            }

            await h2.HeadersAsync(stream, endStream: false, Ok);
            await h2.DataAsync(stream, "45", endStream: true);
        });
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(_certificate.Request(server.BaseUri), Ct);

        Assert.Equal((Outcome.Ok, "45", "2"), (result.Outcome, result.Body, result.HttpVersion));
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task FetchAsync_ServerStopsSendingData_ReturnsStalledAndResetsTheStream()
    {
        Http2FrameServer.Connection? connection = null;
        var stream = 0;
        await using var server = new Http2FrameServer(_certificate, async h2 =>
        {
            connection = h2;
            await h2.SettingsAsync();
            stream = await h2.NextRequestAsync();
            await h2.HeadersAsync(stream, endStream: false, Ok);
            await h2.DataAsync(stream, "4", endStream: false);
        });
        using var fetcher = new Fetcher();
        var limits = new FetchLimits { Stall = new StallRule(1024, TimeSpan.FromMilliseconds(300)), TotalTimeout = TimeSpan.FromSeconds(30) };

        var result = await fetcher.FetchAsync(_certificate.Request(server.BaseUri, limits), Ct);

        Assert.Equal((Outcome.Stalled, "only 1 bytes arrived in 300ms (stall guard 1KiB/300ms)"), (result.Outcome, result.Error));
        // On the wire: the client gave up the stream (RST_STREAM CANCEL), not the connection.
        var reset = await NextOfAsync(connection!, FrameType.RstStream);
        Assert.Equal(stream, reset.StreamId);
        Assert.Equal([0, 0, 0, 0x8], reset.Payload);
    }

    [Fact]
    public async Task FetchAsync_HeadersOverTheByteCap_ReturnsTooLarge()
    {
        var fields = Enumerable.Range(0, 100).Select(i => ($"x-filler-{i}", new string('a', 1000))).Prepend((":status", "200")).ToArray();
        await using var server = new Http2FrameServer(_certificate, async h2 =>
        {
            await h2.SettingsAsync();
            await h2.HeadersAsync(await h2.NextRequestAsync(), endStream: true, fields);
        });
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(_certificate.Request(server.BaseUri), Ct);

        Assert.Equal(Outcome.TooLarge, result.Outcome);
        Assert.StartsWith("response headers exceed the size limit", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_SmallHeaderBlockThatDecodesHuge_ReturnsTooLarge()
    {
        // 4 KB once into the dynamic table, then 200 one-byte references to it: under 5 KB on the wire, 800 KB decoded.
        var block = Hpack.Literals((":status", "200"))
            .Concat(Hpack.Indexed("x-bomb", new string('b', 4000)))
            .Concat(Enumerable.Repeat(Hpack.Reference(Hpack.NewestDynamicEntry), 200).SelectMany(b => b))
            .ToArray();
        await using var server = new Http2FrameServer(_certificate, async h2 =>
        {
            await h2.SettingsAsync();
            await h2.HeaderBlockAsync(await h2.NextRequestAsync(), endStream: true, block);
        });
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(_certificate.Request(server.BaseUri), Ct);

        Assert.True(block.Length < 5_000, $"{block.Length} bytes");
        Assert.Equal(Outcome.TooLarge, result.Outcome);
        Assert.StartsWith("response headers exceed the size limit", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ManySmallHeaders_ReturnsTooLargeAtTheFieldCount()
    {
        var fields = Enumerable.Range(0, 300).Select(i => ($"x-{i}", "1")).Prepend((":status", "200")).ToArray();
        await using var server = new Http2FrameServer(_certificate, async h2 =>
        {
            await h2.SettingsAsync();
            await h2.HeadersAsync(await h2.NextRequestAsync(), endStream: true, fields);
        });
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(_certificate.Request(server.BaseUri), Ct);

        Assert.Equal((Outcome.TooLarge, "300 response header fields, over the cap of 256"), (result.Outcome, result.Error));
    }

    [Fact]
    public async Task FetchAsync_GarbageAfterThePreface_ReturnsProtocol()
    {
        await using var server = new Http2FrameServer(_certificate, h2 => h2.RawAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n45"u8.ToArray()));
        using var fetcher = new Fetcher();

        var result = await fetcher.FetchAsync(_certificate.Request(server.BaseUri), Ct);

        // The handler words it by when the bytes come: as its first frame (PROTOCOL_ERROR) or as its handshake failing.
        Assert.Equal(Outcome.Protocol, result.Outcome);
        Assert.Contains("HTTP/2", result.Error, StringComparison.Ordinal);
    }

    private static async Task<Frame> NextOfAsync(Http2FrameServer.Connection connection, FrameType type)
    {
        await foreach (var frame in connection.Received.ReadAllAsync(Ct))
        {
            if (frame.Type == type)
            {
                return frame;
            }
        }

        throw new InvalidOperationException($"the connection closed without a {type} frame");
    }

    public void Dispose() => _certificate.Dispose();
}
