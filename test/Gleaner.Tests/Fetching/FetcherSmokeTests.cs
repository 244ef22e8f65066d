using System.IO.Compression;
using Gleaner.Fetching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gleaner.Tests.Fetching;

public class FetcherSmokeTests
{
    [Fact]
    public async Task Smoke()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/ok", () => Results.Text("<p>66.9&deg;F</p>", "text/html"));
            app.MapGet("/404", () => Results.NotFound());
            app.MapGet("/hang", async (HttpContext c) => await Task.Delay(Timeout.Infinite, c.RequestAborted));
            app.MapGet("/bomb", async (HttpContext c) =>
            {
                c.Response.Headers.ContentEncoding = "gzip";
                c.Response.ContentType = "text/plain";
                using var ms = new MemoryStream();
                await using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
                {
                    var zeros = new byte[1 << 20];
                    for (var i = 0; i < 64; i++) await gz.WriteAsync(zeros);
                }
                await c.Response.Body.WriteAsync(ms.ToArray());
            });
            app.MapGet("/redir", (HttpContext c) => Results.Redirect("http://localhost:" + c.Connection.LocalPort + "/ok"));
        });
        using var fetcher = new Fetcher();
        var ct = TestContext.Current.CancellationToken;
        var ok = await fetcher.FetchAsync(server.Url("/ok"), cancellationToken: ct);
        Assert.Equal(Outcome.Ok, ok.Outcome);
        Assert.Equal("<p>66.9&deg;F</p>", ok.Body);
        var nf = await fetcher.FetchAsync(server.Url("/404"), cancellationToken: ct);
        Assert.Equal(Outcome.HttpStatus, nf.Outcome);
        var hang = await fetcher.FetchAsync(server.Url("/hang"), new FetchLimits { HeadersTimeout = TimeSpan.FromMilliseconds(300) }, ct);
        Assert.Equal(Outcome.HeadersTimeout, hang.Outcome);
        var bomb = await fetcher.FetchAsync(server.Url("/bomb"), cancellationToken: ct);
        Assert.Equal(Outcome.DecompressionLimit, bomb.Outcome);
        var redir = await fetcher.FetchAsync(server.Url("/redir"), cancellationToken: ct);
        Assert.Equal(Outcome.Blocked, redir.Outcome);
        TestContext.Current.SendDiagnosticMessage($"{hang.Error} | {bomb.Error} {bomb.WireBytes}/{bomb.DecodedBytes} | {redir.Error}");
        var refused = await fetcher.FetchAsync(new Uri("http://127.0.0.1:1/"), cancellationToken: ct);
        Assert.Equal(Outcome.ConnectRefused, refused.Outcome);
    }
}
