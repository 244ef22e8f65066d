using System.Text;
using Gleaner.Simulator.Hosting;
using Gleaner.Simulator.Raw;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Simulator.Routes;

/// <summary>Bodies and headers far over the default caps (2 MiB decoded body, 64 KiB / 256 header lines).</summary>
internal static class SizeRoutes
{
    public const int ManyHeadersCount = 100_000;
    public const int HugeHeaderLineBytes = 1 << 20;

    private const string HtmlHead = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n";

    public static void Register(RouteCatalog routes)
    {
        routes.Http("/size/endless-chunked", RouteGroups.Size, Expect.TooLarge,
            "200 text/html, Transfer-Encoding: chunked, 64 KiB chunks as fast as the client reads, never ending.",
            EndlessAsync);
        routes.Http("/size/huge-content-length", RouteGroups.Size, Expect.TooLarge,
            "200 text/html with Content-Length: HugeBodyBytes (64 MiB) and that many bytes; the declared length alone is over the cap.",
            HugeAsync);
        routes.Raw("/size/huge-close-delimited", RouteGroups.Size, Expect.TooLarge,
            "Raw socket: 200 text/html with neither Content-Length nor chunking (Connection: close); HugeBodyBytes "
            + "(64 MiB) of body, then FIN.",
            CloseDelimitedAsync);
        routes.Raw("/size/many-headers", RouteGroups.Size, Expect.TooLarge,
            $"Raw socket: 200 with {ManyHeadersCount:N0} header lines (X-Filler-N: N, about 2 MiB of headers) before a tiny body.",
            ManyHeadersAsync);
        routes.Raw("/size/huge-header-line", RouteGroups.Size, Expect.TooLarge,
            "Raw socket: 200 with one header line (X-Huge) whose value is 1 MiB long.",
            HugeHeaderLineAsync);
    }

    private static async Task EndlessAsync(HttpContext http, SimulatorContext sim)
    {
        using var lifetime = Respond.Lifetime(http, sim);
        http.Response.ContentType = Respond.Html;
        while (true)
            await http.Response.Body.WriteAsync(Filler.Block, lifetime.Token);
    }

    private static async Task HugeAsync(HttpContext http, SimulatorContext sim)
    {
        using var lifetime = Respond.Lifetime(http, sim);
        http.Response.ContentType = Respond.Html;
        http.Response.ContentLength = sim.Options.HugeBodyBytes;
        await Filler.WriteAsync(http.Response.Body, sim.Options.HugeBodyBytes, lifetime.Token);
    }

    private static async Task CloseDelimitedAsync(RawExchange exchange, SimulatorContext sim)
    {
        await exchange.SendAsync(HtmlHead + "Connection: close\r\n\r\n");
        for (var left = sim.Options.HugeBodyBytes; left > 0; left -= Filler.Block.Length)
            await exchange.SendAsync(Filler.Block[..(int)Math.Min(left, Filler.Block.Length)]);
    }

    private static async Task ManyHeadersAsync(RawExchange exchange, SimulatorContext sim)
    {
        await exchange.SendAsync(HtmlHead);
        var batch = new StringBuilder();
        for (var i = 1; i <= ManyHeadersCount; i++)
        {
            batch.Append("X-Filler-").Append(i).Append(": ").Append(i).Append("\r\n");
            if (batch.Length > 60_000 || i == ManyHeadersCount)
            {
                await exchange.SendAsync(batch.ToString());
                batch.Clear();
            }
        }
        await exchange.SendAsync("Content-Length: 3\r\nConnection: close\r\n\r\nok\n");
    }

    private static async Task HugeHeaderLineAsync(RawExchange exchange, SimulatorContext sim)
    {
        await exchange.SendAsync(HtmlHead + "X-Huge: ");
        await exchange.SendAsync(new string('a', HugeHeaderLineBytes));
        await exchange.SendAsync("\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n");
    }
}
