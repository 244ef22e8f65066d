using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Gleaner.Fetching.Proxies;

/// <summary>
/// Asks an HTTP proxy for a tunnel (<c>CONNECT host:port</c>) on a connection to it, with its credentials sent
/// at once as Basic (as curl sends them): they go on the CONNECT only, never through the tunnel. Anything but a 2xx
/// answer is <see cref="Outcome.Proxy"/>, with the status.
/// </summary>
internal static class ProxyTunnel
{
    /// <summary>Longest CONNECT answer read; a proxy's is a status line and a few fields.</summary>
    private const int MaxAnswerBytes = 16 << 10;

    public static async Task OpenAsync(Stream stream, ProxyServer proxy, string host, int port, CancellationToken cancellationToken)
    {
        var authority = string.Create(CultureInfo.InvariantCulture, $"{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}");
        var request = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
        if (proxy.UserName is not null)
        {
            request.Append(CultureInfo.InvariantCulture, $"Proxy-Authorization: {BasicCredentials(proxy)}\r\n");
        }

        request.Append("\r\n");
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), cancellationToken);
            var answer = await ReadAnswerAsync(stream, proxy, authority, cancellationToken);
            var (status, reason) = StatusOf(answer, proxy, authority);
            if (status is < 200 or > 299)
            {
                throw new FetchFailure(Outcome.Proxy, $"the proxy {proxy} answered CONNECT {authority} with {status}{(reason.Length > 0 ? " " + reason : "")}");
            }
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            throw new FetchFailure(Outcome.Proxy, $"the proxy {proxy} closed the connection before answering CONNECT {authority}", e);
        }
    }

    /// <summary>The Proxy-Authorization value for <paramref name="proxy"/>'s user name and password.</summary>
    public static string BasicCredentials(ProxyServer proxy) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{proxy.UserName}:{proxy.Password}"));

    // Byte by byte: the tunnel's own bytes (the TLS handshake) must stay in the stream for the handler.
    private static async Task<string> ReadAnswerAsync(Stream stream, ProxyServer proxy, string authority, CancellationToken cancellationToken)
    {
        var answer = new List<byte>(256);
        var one = new byte[1];
        while (!EndsWithBlankLine(answer))
        {
            if (answer.Count >= MaxAnswerBytes)
            {
                throw new FetchFailure(Outcome.Proxy, $"the proxy {proxy} answered CONNECT {authority} with more than {MaxAnswerBytes / 1024} KiB of header");
            }

            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new FetchFailure(Outcome.Proxy, $"the proxy {proxy} closed the connection before answering CONNECT {authority}");
            }

            answer.Add(one[0]);
        }

        return Encoding.Latin1.GetString([.. answer]);
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';

    private static (int Status, string Reason) StatusOf(string answer, ProxyServer proxy, string authority)
    {
        var line = answer[..answer.IndexOf('\r', StringComparison.Ordinal)];
        var parts = line.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status) || parts[1].Length != 3)
        {
            throw new FetchFailure(Outcome.Proxy, $"the proxy {proxy} did not answer CONNECT {authority} in HTTP");
        }

        var reason = parts.Length > 2 ? parts[2].Trim() : "";
        return (status, reason.Length > 80 ? reason[..80] + "…" : reason);
    }
}
