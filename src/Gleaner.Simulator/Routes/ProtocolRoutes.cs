using Gleaner.Simulator.Hosting;
using Gleaner.Simulator.Raw;

namespace Gleaner.Simulator.Routes;

/// <summary>Raw-socket replies that break HTTP framing, reset the connection, or are not HTTP at all.</summary>
internal static class ProtocolRoutes
{
    public const int LyingDeclaredBytes = 100_000;
    public const int LyingSentBytes = 1_000;
    public const int ResetAfterBytes = 16 * 1024;
    public const string SshBanner = "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5\r\n";

    private static readonly TimeSpan ResetPause = TimeSpan.FromMilliseconds(200);

    public static void Register(RouteCatalog routes)
    {
        routes.Raw("/protocol/lying-length", RouteGroups.Protocol, Expect.Protocol,
            $"Raw socket: Content-Length: {LyingDeclaredBytes} but only {LyingSentBytes} body bytes, then a clean close (FIN).",
            LyingLengthAsync);
        routes.Raw("/protocol/reset", RouteGroups.Protocol, Expect.Reset,
            $"Raw socket: Content-Length: {LyingDeclaredBytes}, {ResetAfterBytes / 1024} KiB of body, a 200 ms pause, "
            + "then an abortive close (SO_LINGER 0), so the client sees a TCP RST mid-body.",
            ResetAsync);
        routes.Raw("/protocol/ssh-banner", RouteGroups.Protocol, Expect.Protocol,
            "Raw socket: an SSH server's identification line instead of an HTTP status line, then close.",
            (exchange, sim) => exchange.SendAsync(SshBanner));
        routes.Raw("/protocol/binary-garbage", RouteGroups.Protocol, Expect.Protocol,
            "Raw socket: 4 KiB of binary noise (starting with a NUL byte), no status line, then close.",
            (exchange, sim) => exchange.SendAsync(Garbage()));
        routes.Raw("/protocol/bad-chunk-size", RouteGroups.Protocol, Expect.Protocol,
            "Raw socket: Transfer-Encoding: chunked whose second chunk-size line is 'zz', not hex.",
            (exchange, sim) => exchange.SendAsync(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n10\r\n<html><body>45.0\r\nzz\r\nnot a chunk\r\n0\r\n\r\n"));
    }

    private static async Task LyingLengthAsync(RawExchange exchange, SimulatorContext sim)
    {
        await exchange.SendAsync(Head(LyingDeclaredBytes));
        await exchange.SendAsync(Filler.Block[..LyingSentBytes]);
    }

    private static async Task ResetAsync(RawExchange exchange, SimulatorContext sim)
    {
        await exchange.SendAsync(Head(LyingDeclaredBytes));
        await exchange.SendAsync(Filler.Block[..ResetAfterBytes]);
        await sim.DelayAsync(ResetPause, exchange.Aborted);
        exchange.Reset();
    }

    private static string Head(int contentLength) =>
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + $"Content-Length: {contentLength}\r\nConnection: close\r\n\r\n";

    private static byte[] Garbage()
    {
        var bytes = new byte[4096];
        new Random(0x5eed).NextBytes(bytes);
        bytes[0] = 0;
        return bytes;
    }
}
