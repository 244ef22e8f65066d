using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gleaner.Cluster.Tests;

/// <summary>
/// A loopback site that counts the requests in flight and records the most it saw at once: what a host sees of a
/// cluster's politeness. /value/N answers N in an element (after ?ms=M milliseconds, 20 by default); the other routes end a target each in a named way.
/// /robots.txt answers the text it was started with (404 without one), counted apart from the pages.
/// </summary>
internal sealed class CountingSite : IAsyncDisposable
{
    // Each page takes this long, so that fetches the cluster let overlap do overlap at the server.
    private static readonly TimeSpan PageLatency = TimeSpan.FromMilliseconds(20);

    private readonly LoopbackServer _server;
    private int _inFlight;
    private int _maxInFlight;
    private int _requests;
    private int _robotsRequests;

    private CountingSite(LoopbackServer server) => _server = server;

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int Requests => Volatile.Read(ref _requests);

    public int RobotsRequests => Volatile.Read(ref _robotsRequests);

    public Uri Url(string path) => _server.Url(path);

    public static async Task<CountingSite> StartAsync(string? robots = null)
    {
        CountingSite? site = null;
        var server = await LoopbackServer.StartAsync(routes =>
        {
            routes.MapGet("/robots.txt", () =>
            {
                Interlocked.Increment(ref site!._robotsRequests);
                return robots is null ? Results.NotFound() : Results.Text(robots, "text/plain");
            });
            routes.MapGet("/value/{n:int}", (int n, int? ms) => site!.Page($"<html><body><p id=\"v\">{n}</p></body></html>", ms));
            routes.MapGet("/words", () => site!.Page("<html><body><p id=\"v\">not a number</p></body></html>"));
            routes.MapGet("/empty", () => site!.Page("<html><body><p>nothing here</p></body></html>"));
            routes.MapGet("/gone", async () =>
            {
                await site!.Page(string.Empty);
                return Results.NotFound();
            });
        });
        site = new CountingSite(server);
        return site;
    }

    private async Task<IResult> Page(string html, int? latencyMs = null)
    {
        Interlocked.Increment(ref _requests);
        var now = Interlocked.Increment(ref _inFlight);
        for (var seen = Volatile.Read(ref _maxInFlight); now > seen; seen = Volatile.Read(ref _maxInFlight))
        {
            if (Interlocked.CompareExchange(ref _maxInFlight, now, seen) == seen)
            {
                break;
            }
        }

        try
        {
            await Task.Delay(latencyMs is { } ms ? TimeSpan.FromMilliseconds(ms) : PageLatency);
            return Results.Content(html, "text/html");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
