using System.Globalization;

namespace SlowHosts;

/// <summary>The answers: every one after the same latency, as a distant, slow host's.</summary>
internal static class Pages
{
    private const string Robots = "User-agent: *\nAllow: /\n";

    /// <summary>
    /// The reading on page N of host 127.0.1.H; slowhosts.py computes the same to check every value.
    /// </summary>
    public static int ReadingOf(int host, int page) => (host * 7919 + page * 104729) % 100_000;

    public static async Task ServeAsync(HttpContext context, ArrivalLog log, TimeSpan latency)
    {
        var path = context.Request.Path.Value ?? "";
        if (path == "/_log")
        {
            // The benchmark's own read of the log, between runs: not counted, not delayed.
            await context.Response.WriteAsync(log.Drain());
            return;
        }

        var host = context.Connection.LocalIpAddress!.GetAddressBytes()[3];
        log.RequestStarted(host);
        if (context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionItemsFeature>()?.Items[ArrivalLog.ServedKey] is ArrivalLog.Served served)
        {
            served.Count++;
        }

        try
        {
            await Task.Delay(latency, context.RequestAborted);
            var response = context.Response;
            if (path == "/robots.txt")
            {
                response.ContentType = "text/plain";
                await response.WriteAsync(Robots);
            }
            else if (path.StartsWith("/p/", StringComparison.Ordinal) && int.TryParse(path.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var page))
            {
                response.ContentType = "text/html; charset=utf-8";
                await response.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $"<html><head><title>Host {host}, page {page}</title></head><body><p>Reading: {ReadingOf(host, page)} units</p></body></html>\n"));
            }
            else
            {
                response.StatusCode = 404;
            }

            // Counted until the response has left: the client's fetch is open until then.
            await response.CompleteAsync();
        }
        finally
        {
            log.RequestEnded(host);
        }
    }
}
