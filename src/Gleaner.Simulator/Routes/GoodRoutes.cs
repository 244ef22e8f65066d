using System.IO.Compression;
using System.Text;
using Gleaner.Simulator.Hosting;
using Gleaner.Simulator.Weather;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Simulator.Routes;

/// <summary>Well-behaved New York pages delivered in different but valid ways: every one should end as "ok".</summary>
internal static class GoodRoutes
{
    private static readonly TimeSpan SlowFirstByte = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan SlowPieceGap = TimeSpan.FromMilliseconds(150);
    private const int Pieces = 4;

    public static void Register(RouteCatalog routes)
    {
        routes.Http("/good/plain", RouteGroups.Good, Expect.Ok,
            "text/plain with Content-Length: one line 'Temperature: 45.3 F (7.4 C)' for New York, like the article's page.",
            (http, sim) => Respond.TextAsync(http, 200, Respond.PlainText, Plain(Nyc(sim))));
        routes.Http("/good/gzip", RouteGroups.Good, Expect.Ok,
            "The New York MapClick page, Content-Encoding: gzip.",
            (http, sim) => CompressedAsync(http, sim, "gzip", s => new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true)));
        routes.Http("/good/brotli", RouteGroups.Good, Expect.Ok,
            "The New York MapClick page, Content-Encoding: br.",
            (http, sim) => CompressedAsync(http, sim, "br", s => new BrotliStream(s, CompressionLevel.Fastest, leaveOpen: true)));
        routes.Http("/good/chunked", RouteGroups.Good, Expect.Ok,
            $"The New York MapClick page in {Pieces} flushed pieces, Transfer-Encoding: chunked, no Content-Length.",
            ChunkedAsync);
        routes.Http("/good/slow", RouteGroups.Good, Expect.Ok,
            $"Slow but inside every default limit: headers after {SlowFirstByte.TotalMilliseconds:0} ms, then the New York "
            + $"MapClick page in {Pieces} pieces {SlowPieceGap.TotalMilliseconds:0} ms apart (under 1 s in all).",
            SlowAsync);
    }

    private static WeatherReading Nyc(SimulatorContext sim) => WeatherRoutes.Reading(sim, "nyc");

    private static string Plain(WeatherReading r) =>
        $"{r.Station.Name} ({r.Station.StationId})\nObserved: {r.ObservedUtc:yyyy-MM-dd HH:mm} UTC\n"
        + $"Temperature: {r.F1} F ({r.C1} C)\n";

    private static async Task CompressedAsync(HttpContext http, SimulatorContext sim, string coding,
        Func<Stream, Stream> compressor)
    {
        using var wire = new MemoryStream();
        await using (var stream = compressor(wire))
            await stream.WriteAsync(Encoding.UTF8.GetBytes(MapClickPage.Render(Nyc(sim))));
        http.Response.Headers.ContentEncoding = coding;
        http.Response.Headers.Vary = "Accept-Encoding";
        await Respond.BytesAsync(http, 200, Respond.Html, wire.ToArray());
    }

    private static async Task ChunkedAsync(HttpContext http, SimulatorContext sim)
    {
        http.Response.ContentType = Respond.Html;
        foreach (var piece in Split(MapClickPage.Render(Nyc(sim))))
        {
            await http.Response.Body.WriteAsync(piece, http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
        }
    }

    private static async Task SlowAsync(HttpContext http, SimulatorContext sim)
    {
        using var lifetime = Respond.Lifetime(http, sim);
        var page = Split(MapClickPage.Render(Nyc(sim)));
        await sim.DelayAsync(SlowFirstByte, lifetime.Token);
        http.Response.ContentType = Respond.Html;
        http.Response.ContentLength = page.Sum(p => p.Length);
        await http.Response.StartAsync(lifetime.Token);
        for (var i = 0; i < page.Count; i++)
        {
            if (i > 0)
                await sim.DelayAsync(SlowPieceGap, lifetime.Token);
            await http.Response.Body.WriteAsync(page[i], lifetime.Token);
            await http.Response.Body.FlushAsync(lifetime.Token);
        }
    }

    private static List<byte[]> Split(string page)
    {
        var bytes = Encoding.UTF8.GetBytes(page);
        var size = (bytes.Length + Pieces - 1) / Pieces;
        return bytes.Chunk(size).ToList();
    }
}
