using Gleaner.Watching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Gleaner.Tests.Watching.WatchHarness;

namespace Gleaner.Tests.Watching;

/// <summary>
/// A watched target that keeps cookies goes on with its session from sample to sample and across a restart (the jar
/// travels in its state through the store); one that stops keeping them drops the jar.
/// </summary>
public sealed class WatchCookiesTests
{
    private const string Session = "s-0b7e-secret-44d2";
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);

    // The Cookie field of each request, in order ("" for none); a request without the session is given one.
    private readonly List<string> _sent = [];

    private Task<LoopbackServer> StartAsync() => LoopbackServer.StartAsync(app => app.MapGet("/t", (HttpContext http) =>
    {
        lock (_sent)
        {
            _sent.Add(http.Request.Headers.Cookie.ToString());
        }

        if (http.Request.Cookies["session"] == Session)
        {
            return Results.Text("t 22");
        }

        http.Response.Headers.SetCookie = $"session={Session}; Max-Age=86400; Path=/";
        return Results.Text("t 21");
    }));

    [Fact]
    public async Task RunAsync_Restarted_TheTargetGoesOnWithItsSession()
    {
        await using var server = await StartAsync();
        var store = new MemorySampleStore();
        var target = Every(server.Url("/t"), "a", Ten) with { Cookies = true };
        await using (var before = new WatchHarness(store))
        {
            before.Run(target);
            await before.AdvanceAsync(Ten, taken: 1);
            await before.AdvanceAsync(Ten, taken: 2);
            await before.StopAsync();
            Assert.Equal(1, store.State("a").Cookies?.Count);

            await using var after = new WatchHarness(store, before.Time);
            after.Run(target);
            await after.AdvanceAsync(Ten, taken: 1);
            await after.StopAsync();
        }

        Assert.Equal(["", $"session={Session}", $"session={Session}"], _sent);
        Assert.Equal(["21", "22", "22"], store.Samples.Select(s => s.Value));
    }

    [Fact]
    public async Task RunAsync_TargetWithoutCookies_SendsNone_AndItsStateHasNone()
    {
        await using var server = await StartAsync();
        await using var watch = new WatchHarness();
        watch.Run(Every(server.Url("/t"), "a", Ten));
        await watch.AdvanceAsync(Ten, taken: 1);
        await watch.AdvanceAsync(Ten, taken: 2);
        await watch.StopAsync();

        Assert.Equal(["", ""], _sent);
        Assert.Null(watch.Store.State("a").Cookies);
    }

    [Fact]
    public async Task Update_TargetStopsKeepingCookies_ItsJarAndSavedCookiesGo()
    {
        await using var server = await StartAsync();
        await using var watch = new WatchHarness();
        var target = Every(server.Url("/t"), "a", Ten) with { Cookies = true };
        watch.Run(target);
        await watch.AdvanceAsync(Ten, taken: 1);

        watch.Engine.Update(new WatchList([target with { Cookies = false }]));
        await watch.AdvanceAsync(Ten, taken: 2);
        await watch.StopAsync();

        Assert.Equal(["", ""], _sent);
        Assert.Null(watch.Store.State("a").Cookies);
    }
}
