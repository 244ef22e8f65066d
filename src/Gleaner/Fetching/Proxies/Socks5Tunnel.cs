using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gleaner.Fetching.Proxies;

/// <summary>
/// Asks a SOCKS5 proxy (RFC 1928) for a connection to a target on a connection to it, with a user name and
/// password (RFC 1929) when the proxy URL has them. Any refusal is <see cref="Outcome.Proxy"/>, with the proxy's reason.
/// </summary>
internal static class Socks5Tunnel
{
    private const byte Version = 5;
    private const byte NoAuthentication = 0;
    private const byte UserPassword = 2;
    private const byte NoneAcceptable = 0xFF;

    /// <summary>Connects to <paramref name="address"/> when given (socks5: resolved here, and checked), else to <paramref name="host"/> by name (socks5h).</summary>
    public static async Task OpenAsync(Stream stream, ProxyServer proxy, string host, IPAddress? address, int port, CancellationToken cancellationToken)
    {
        var target = $"{(address?.ToString() ?? host)}:{port}";
        try
        {
            var withPassword = proxy.UserName is not null;
            await stream.WriteAsync(withPassword ? new byte[] { Version, 2, NoAuthentication, UserPassword } : [Version, 1, NoAuthentication], cancellationToken);
            var chosen = await ReadAsync(stream, 2, cancellationToken);
            Expect(chosen[0] == Version, proxy, "did not answer in SOCKS5");
            Expect(chosen[1] != NoneAcceptable && (chosen[1] == NoAuthentication || (withPassword && chosen[1] == UserPassword)), proxy,
                withPassword ? "accepts none of the ways to log in offered (none, user name and password)" : "wants credentials (give them in the proxy URL)");
            if (chosen[1] == UserPassword)
            {
                await LogInAsync(stream, proxy, cancellationToken);
            }

            await stream.WriteAsync(Request(host, address, port), cancellationToken);
            var reply = await ReadAsync(stream, 4, cancellationToken);
            Expect(reply[0] == Version, proxy, "did not answer in SOCKS5");
            Expect(reply[1] == 0, proxy, $"refused to connect to {target}: {Reason(reply[1])}");
            // The bound address the proxy reports is read and dropped: the stream carries the target's bytes next.
            var length = reply[3] switch
            {
                1 => 4,
                4 => 16,
                3 => (await ReadAsync(stream, 1, cancellationToken))[0],
                _ => throw new FetchFailure(Outcome.Proxy, $"the proxy {proxy} did not answer in SOCKS5"),
            };
            await ReadAsync(stream, length + 2, cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or EndOfStreamException)
        {
            throw new FetchFailure(Outcome.Proxy, $"the proxy {proxy} closed the connection before connecting to {target}", e);
        }
    }

    private static async Task LogInAsync(Stream stream, ProxyServer proxy, CancellationToken cancellationToken)
    {
        var user = Encoding.UTF8.GetBytes(proxy.UserName ?? "");
        var password = Encoding.UTF8.GetBytes(proxy.Password ?? "");
        if (user.Length > 255 || password.Length > 255)
        {
            throw new FetchFailure(Outcome.Proxy, $"the user name or password for the proxy {proxy} is longer than SOCKS5 allows (255 bytes)");
        }

        await stream.WriteAsync((byte[])[1, (byte)user.Length, .. user, (byte)password.Length, .. password], cancellationToken);
        var status = await ReadAsync(stream, 2, cancellationToken);
        Expect(status[1] == 0, proxy, "refused the user name and password");
    }

    private static byte[] Request(string host, IPAddress? address, int port)
    {
        byte[] destination = address switch
        {
            { AddressFamily: AddressFamily.InterNetwork } => [1, .. address.GetAddressBytes()],
            not null => [4, .. address.GetAddressBytes()],
            null => [3, (byte)Encoding.ASCII.GetByteCount(host), .. Encoding.ASCII.GetBytes(host)],
        };
        return [Version, 1, 0, .. destination, (byte)(port >> 8), (byte)port];
    }

    private static string Reason(byte code) => code switch
    {
        1 => "general failure",
        2 => "not allowed by its rules",
        3 => "network unreachable",
        4 => "host unreachable",
        5 => "connection refused",
        6 => "TTL expired",
        7 => "command not supported",
        8 => "address type not supported",
        _ => $"reply {code}",
    };

    private static void Expect(bool condition, ProxyServer proxy, string otherwise)
    {
        if (!condition)
        {
            throw new FetchFailure(Outcome.Proxy, $"the proxy {proxy} {otherwise}");
        }
    }

    private static async Task<byte[]> ReadAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }
}
