using System.Collections.Concurrent;
using Gleaner.Fetching;
using Gleaner.Watching;
using Gleaner.Watching.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Gleaner.Tests.Watching.Notifications;

/// <summary>A notification that fails for a while is sent again after its back-off, on the notifier's clock.</summary>
public sealed class NotifierRetryTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<NotifyFailure> _failures = new();
    private readonly SignallingClock _clock = new();
    private NotifyEndpoint _endpoint = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _endpoint = await NotifyEndpoint.StartAsync();

    public ValueTask DisposeAsync() => _endpoint.DisposeAsync();

    [Fact]
    public async Task Observe_Endpoint503Then204_DeliversAfterTheBackOff()
    {
        _endpoint.ThenStatus(503);
        using var fetcher = new Fetcher();
        await using var notifier = Start(fetcher, FetchLimits.Default, jitter: 0.5);

        notifier.Change(Watched.Target(new NotifyRule { Url = _endpoint.Url }), "67.1");
        await _endpoint.NextAsync();
        var backOff = await _clock.NextTimerAsync();
        _clock.Advance(backOff);
        await _endpoint.NextAsync();
        var counts = await notifier.DrainAsync();

        Assert.Equal(TimeSpan.FromMilliseconds(500), backOff);
        Assert.Equal(new NotifyCounts(1, 0, 0, 0), counts);
        Assert.Empty(_failures);
    }

    [Fact]
    public async Task Observe_Endpoint429WithRetryAfter_WaitsExactlyWhatItAsks()
    {
        _endpoint.Then(c =>
        {
            c.Response.Headers.RetryAfter = "7";
            return Task.FromResult(Results.StatusCode(429));
        });
        using var fetcher = new Fetcher();
        await using var notifier = Start(fetcher, FetchLimits.Default, jitter: 0.5);

        notifier.Change(Watched.Target(new NotifyRule { Url = _endpoint.Url }), "67.1");
        await _endpoint.NextAsync();
        var wait = await _clock.NextTimerAsync();
        _clock.Advance(wait);
        await _endpoint.NextAsync();
        var counts = await notifier.DrainAsync();

        Assert.Equal(TimeSpan.FromSeconds(7), wait);
        Assert.Equal(new NotifyCounts(1, 0, 0, 0), counts);
    }

    [Fact]
    public async Task Observe_RetryAfterOverTheCap_GivesUpAtOnce()
    {
        _endpoint.Then(c =>
        {
            c.Response.Headers.RetryAfter = "3600";
            return Task.FromResult(Results.StatusCode(503));
        });
        using var fetcher = new Fetcher();
        await using var notifier = Start(fetcher, FetchLimits.Default, jitter: 0.5);

        notifier.Change(Watched.Target(new NotifyRule { Url = _endpoint.Url }), "67.1");
        var counts = await notifier.DrainAsync();

        Assert.Equal(new NotifyCounts(0, 1, 0, 0), counts);
        Assert.Equal(
            $"notify change of nyc to http://127.0.0.1:{_endpoint.Url.Port}: http_status: HTTP 503 Service Unavailable (it asks to wait 3600s, over the cap of 300s) (gave up after 1 attempt)",
            Assert.Single(_failures).Message);
    }

    [Fact]
    public async Task Observe_EndpointAlways500_BacksOffExponentiallyAndGivesUpAfterSixAttempts()
    {
        for (var i = 0; i < 6; i++)
        {
            _endpoint.ThenStatus(500);
        }

        using var fetcher = new Fetcher();
        await using var notifier = Start(fetcher, FetchLimits.Default, jitter: 1.0);

        notifier.Change(Watched.Target(new NotifyRule { Url = _endpoint.Url }), "67.1");
        var backOffs = new List<TimeSpan>();
        for (var attempt = 1; attempt < 6; attempt++)
        {
            await _endpoint.NextAsync();
            backOffs.Add(await _clock.NextTimerAsync());
            _clock.Advance(backOffs[^1]);
        }

        await _endpoint.NextAsync();
        var counts = await notifier.DrainAsync();

        Assert.Equal([1, 2, 4, 8, 16], backOffs.Select(b => b.TotalSeconds));
        Assert.Equal(new NotifyCounts(0, 1, 0, 0), counts);
        Assert.Equal(6, _endpoint.All.Count);
        Assert.Equal(
            $"notify change of nyc to http://127.0.0.1:{_endpoint.Url.Port}: http_status: HTTP 500 Internal Server Error (gave up after 6 attempts)",
            Assert.Single(_failures).Message);
    }

    [Fact]
    public async Task Observe_EndpointHangs_EndsAtTheFetchDeadlineAndIsSentAgain()
    {
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _endpoint.ThenHold(never);
        var fetchClock = new FakeTimeProvider();
        using var fetcher = new Fetcher(new FetcherOptions { Time = fetchClock });
        var limits = new FetchLimits { TotalTimeout = TimeSpan.FromSeconds(2), HeadersTimeout = TimeSpan.FromSeconds(2) };
        await using var notifier = Start(fetcher, limits, jitter: 0.5);

        notifier.Change(Watched.Target(new NotifyRule { Url = _endpoint.Url }), "67.1");
        await _endpoint.NextAsync();
        fetchClock.Advance(TimeSpan.FromSeconds(2));
        var backOff = await _clock.NextTimerAsync();
        _clock.Advance(backOff);
        await _endpoint.NextAsync();
        var counts = await notifier.DrainAsync();

        Assert.Equal(TimeSpan.FromMilliseconds(500), backOff);
        Assert.Equal(new NotifyCounts(1, 0, 0, 0), counts);
    }

    private Notifier Start(Fetcher fetcher, FetchLimits limits, double jitter) =>
        new(fetcher, _clock, limits, _ => null, _failures.Enqueue, new NotifierOptions { Jitter = () => jitter });
}
