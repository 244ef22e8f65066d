using System.Net;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Dashboard.Security;

/// <summary>
/// Who may ask. A page on another site may not read the dashboard: without a token, a request must name the loopback
/// address it came to in its Host header (a DNS-rebinding page names its own host), and with or without one, a
/// browser's request from another site (<c>Sec-Fetch-Site: cross-site</c> or <c>same-site</c>) is refused, but for a
/// person following a link to a page. Clients that are not browsers (curl, Prometheus) send no Sec-Fetch headers.
/// </summary>
internal sealed class RequestOrigin(bool checkHost)
{
    public async Task GuardAsync(HttpContext http, RequestDelegate next)
    {
        if (checkHost && !IsLoopbackHost(http.Request.Host))
        {
            await RefuseAsync(http, StatusCodes.Status421MisdirectedRequest,
                "421: this dashboard answers to 127.0.0.1, localhost and [::1] only; give it --token-env to serve other names\n");
            return;
        }

        var site = http.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site" && !IsPageVisit(http.Request))
        {
            await RefuseAsync(http, StatusCodes.Status403Forbidden, "403: another site's page may not read this dashboard\n");
            return;
        }

        await next(http);
    }

    private static bool IsLoopbackHost(HostString host) =>
        string.Equals(host.Host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Host, out var address) && IPAddress.IsLoopback(address));

    // A person who follows a link to the overview or a target's page; the page's own requests are then same-origin.
    private static bool IsPageVisit(HttpRequest request) =>
        request.Headers["Sec-Fetch-Mode"] == "navigate" && request.Path.Value is "/" or "/target";

    private static Task RefuseAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(message);
    }
}
