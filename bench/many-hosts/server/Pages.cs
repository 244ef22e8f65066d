using System.Globalization;
using System.Net;

namespace ManyHosts;

/// <summary>
/// robots.txt that allows everything, and pages /s/N whose reading is derived from the address the request arrived
/// on: a page fetched over a connection to the wrong host carries the wrong reading.
/// </summary>
internal static class Pages
{
    private const string Robots = "User-agent: *\nAllow: /\n";

    /// <summary>127.A.B.C reads A·65536 + B·256 + C (run.sh and check.py compute the same from the URL).</summary>
    public static long ReadingOf(IPAddress address)
    {
        var bytes = (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).GetAddressBytes();
        return bytes.Length == 4 ? (bytes[1] << 16) + (bytes[2] << 8) + bytes[3] : -1;
    }

    /// <summary>Answers after <paramref name="latency"/>, as a distant host would: a server that answers in
    /// microseconds never has two requests in flight, whatever the client does.</summary>
    public static async Task ServeAsync(HttpContext context, Counters counters, TimeSpan latency)
    {
        var path = context.Request.Path.Value ?? "";
        var kind = path == "/robots.txt" ? RequestKind.Robots : path.StartsWith("/s/", StringComparison.Ordinal) ? RequestKind.Page : RequestKind.Other;
        counters.RequestStarted(kind);
        try
        {
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, context.RequestAborted);
            }

            var response = context.Response;
            switch (kind)
            {
                case RequestKind.Robots:
                    response.ContentType = "text/plain";
                    await response.WriteAsync(Robots);
                    break;
                case RequestKind.Page:
                    var reading = ReadingOf(context.Connection.LocalIpAddress!);
                    response.ContentType = "text/html; charset=utf-8";
                    await response.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                        $"<html><body><h1>Host {context.Connection.LocalIpAddress}</h1><p>Reading for this host: {reading} units (page {path[3..]})</p></body></html>\n"));
                    break;
                default:
                    response.StatusCode = 404;
                    break;
            }

            // Counted until the response has left: the client's fetch is still open until then.
            await response.CompleteAsync();
        }
        finally
        {
            counters.RequestEnded();
        }
    }
}
