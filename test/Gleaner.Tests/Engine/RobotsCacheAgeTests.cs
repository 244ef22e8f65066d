using Gleaner.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using static Gleaner.Tests.Engine.EngineHarness;

namespace Gleaner.Tests.Engine;

/// <summary>robots.txt answers are asked again once old: a file after 24 h, an unreachable one after an hour.</summary>
public class RobotsCacheAgeTests
{
    [Fact]
    public async Task GetAsync_AnswerOlderThanADay_IsFetchedAgain_NotBefore()
    {
        var fetched = 0;
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/robots.txt", () => { Interlocked.Increment(ref fetched); return "User-agent: *\nDisallow: /private\n"; }));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var fetcher = LoopbackFetcher();
        var cache = new RobotsCache(fetcher, time);
        var page = server.Url("/private/x");

        var counts = new List<int>();
        foreach (var step in new[] { TimeSpan.Zero, TimeSpan.FromHours(23), TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1) })
        {
            time.Advance(step);
            var answer = await cache.GetAsync(page, Limits, enter: null, Ct);
            Assert.NotNull(answer.Denial(page));
            counts.Add(Volatile.Read(ref fetched));
        }

        // Fetched at 0 h; kept at 23 h and 23 h 59 min; fetched again at 24 h; kept an hour later.
        Assert.Equal([1, 1, 1, 2, 2], counts);
    }

    [Fact]
    public async Task GetAsync_UnreachableAnswer_IsAskedAgainAfterAnHour()
    {
        var fetched = 0;
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/robots.txt", () => Interlocked.Increment(ref fetched) == 1 ? Results.StatusCode(503) : Results.Text("User-agent: *\nAllow: /\n")));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var fetcher = LoopbackFetcher();
        var cache = new RobotsCache(fetcher, time);
        var page = server.Url("/x");

        var first = await cache.GetAsync(page, Limits, enter: null, Ct);
        time.Advance(TimeSpan.FromMinutes(59));
        var kept = await cache.GetAsync(page, Limits, enter: null, Ct);
        time.Advance(TimeSpan.FromMinutes(1));
        var again = await cache.GetAsync(page, Limits, enter: null, Ct);

        Assert.NotNull(first.Unreachable);
        Assert.Same(first, kept);
        Assert.Null(again.Denial(page));
        Assert.Equal(2, fetched);
    }
}
