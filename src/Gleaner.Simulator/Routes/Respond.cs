using System.Text;
using Gleaner.Simulator.Hosting;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Simulator.Routes;

/// <summary>Small response helpers shared by the Kestrel route groups.</summary>
internal static class Respond
{
    public const string Html = "text/html; charset=utf-8";
    public const string PlainText = "text/plain; charset=utf-8";

    /// <summary>A complete response with Content-Length.</summary>
    public static Task BytesAsync(HttpContext http, int status, string contentType, ReadOnlyMemory<byte> body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }

    public static Task TextAsync(HttpContext http, int status, string contentType, string body) =>
        BytesAsync(http, status, contentType, Encoding.UTF8.GetBytes(body));

    /// <summary>A token that fires when the client leaves or the simulator stops; waiting handlers use it.</summary>
    public static CancellationTokenSource Lifetime(HttpContext http, SimulatorContext sim) =>
        CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, sim.Stopping);

    public static Task RedirectAsync(HttpContext http, int status, string location)
    {
        http.Response.StatusCode = status;
        http.Response.Headers.Location = location;
        http.Response.ContentType = Html;
        var body = $"<html><body>Moved to <a href=\"{System.Net.WebUtility.HtmlEncode(location)}\">here</a>.</body></html>\n";
        return http.Response.WriteAsync(body, http.RequestAborted);
    }
}
