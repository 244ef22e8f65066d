using Gleaner.Simulator.Hosting;

namespace Gleaner.Simulator.Routes;

/// <summary>Error statuses. Each body still shows a temperature, so a client that ignores the status extracts a lie.</summary>
internal static class StatusRoutes
{
    public static void Register(RouteCatalog routes)
    {
        Status(routes, 404, "Not Found", null);
        Status(routes, 500, "Internal Server Error", null);
        Status(routes, 503, "Service Unavailable", "120");
        Status(routes, 429, "Too Many Requests", "30");
    }

    private static void Status(RouteCatalog routes, int code, string reason, string? retryAfter) =>
        routes.Http($"/status/{code}", RouteGroups.Status, Expect.HttpStatus,
            $"{code} {reason}" + (retryAfter is null ? "" : $" with Retry-After: {retryAfter}")
            + "; the HTML error page mentions 72.0°F as a trap.",
            (http, sim) =>
            {
                if (retryAfter is not null)
                    http.Response.Headers.RetryAfter = retryAfter;
                return Respond.TextAsync(http, code, Respond.Html,
                    $"<!DOCTYPE html><html><head><title>{code} {reason}</title></head><body><h1>{reason}</h1>"
                    + "<p>Our servers are fine. It is a pleasant 72.0&deg;F in the data center.</p></body></html>\n");
            });
}
