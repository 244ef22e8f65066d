using Gleaner.Simulator.Compression;
using Gleaner.Simulator.Hosting;

namespace Gleaner.Simulator.Routes;

/// <summary>Decompression bombs: a small body on the wire that decodes to BombDecodedBytes (1 GiB) of text.</summary>
internal static class CompressionRoutes
{
    public static void Register(RouteCatalog routes)
    {
        Bomb(routes, "/compression/gzip-bomb", BombCache.Gzip, "gzip (about 1 MiB on the wire per GiB)");
        Bomb(routes, "/compression/brotli-bomb", BombCache.Brotli, "br (a couple of KiB on the wire per GiB)");
        Bomb(routes, "/compression/deflate-bomb", BombCache.Deflate, "deflate, zlib-wrapped as RFC 9110 says (about 1 MiB per GiB)");
    }

    private static void Bomb(RouteCatalog routes, string path, string coding, string what) =>
        routes.Http(path, RouteGroups.Compression, Expect.DecompressionLimit,
            $"200 text/html, Content-Encoding: {what}, with Content-Length of the wire bytes; decodes to BombDecodedBytes "
            + "of an HTML prefix followed by spaces. Built once on first request, then cached.",
            async (http, sim) =>
            {
                using var lifetime = Respond.Lifetime(http, sim);
                var bomb = await sim.Bombs.GetAsync(coding).WaitAsync(lifetime.Token);
                http.Response.Headers.ContentEncoding = bomb.ContentEncoding;
                await Respond.BytesAsync(http, 200, Respond.Html, bomb.Wire);
            });
}
