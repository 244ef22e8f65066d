using System.Collections.Concurrent;
using System.Text.Json;
using Gleaner.Fetching;
using Gleaner.Watching;
using Gleaner.Watching.Notifications;

namespace Gleaner.Tests.Watching.Notifications;

/// <summary>The queue between the watch and the endpoint: bounded, dropping the oldest, and drained on stop within a grace.</summary>
public sealed class NotifierQueueTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<NotifyFailure> _failures = new();
    private readonly SignallingClock _clock = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NotifyEndpoint _endpoint = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _endpoint = await NotifyEndpoint.StartAsync();

    public ValueTask DisposeAsync() => _endpoint.DisposeAsync();

    [Fact]
    public async Task Observe_MoreEventsThanTheQueueHolds_DropsTheOldestAndCountsThem()
    {
        _endpoint.ThenHold(_gate);
        using var fetcher = new Fetcher();
        await using var notifier = Start(fetcher, new NotifierOptions { Capacity = 3, Concurrency = 1 });
        var target = Watched.Target(new NotifyRule { Url = _endpoint.Url });

        notifier.Change(target, "1");
        await _endpoint.NextAsync();
        for (var i = 2; i <= 10; i++)
        {
            notifier.Change(target, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var whileHeld = notifier.Counts;
        _gate.SetResult();
        var counts = await notifier.DrainAsync();

        Assert.Equal(new NotifyCounts(0, 0, 6, 4), whileHeld);
        Assert.Equal(new NotifyCounts(4, 0, 6, 0), counts);
        Assert.Equal(["1", "8", "9", "10"], _endpoint.All.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task StopAsync_EventsPending_DeliversThemWithinTheGraceAndTakesNoMore()
    {
        _endpoint.ThenHold(_gate);
        using var fetcher = new Fetcher();
        await using var notifier = Start(fetcher, new NotifierOptions { Concurrency = 1 });
        var target = Watched.Target(new NotifyRule { Url = _endpoint.Url });

        notifier.Change(target, "1");
        notifier.Change(target, "2");
        notifier.Change(target, "3");
        await _endpoint.NextAsync();
        var stop = notifier.StopAsync(TimeSpan.FromSeconds(5), Ct);
        var stoppedWhileHeld = stop.IsCompleted;
        notifier.Change(target, "4");
        _gate.SetResult();
        var counts = await stop.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.False(stoppedWhileHeld);
        Assert.Equal(new NotifyCounts(3, 0, 1, 0), counts);
        Assert.Equal(3, _endpoint.All.Count);
    }

    [Fact]
    public async Task StopAsync_EndpointHangs_GivesUpAtTheEndOfTheGraceLeavingThemPending()
    {
        _endpoint.ThenHold(_gate);
        using var fetcher = new Fetcher();
        await using var notifier = Start(fetcher, new NotifierOptions { Concurrency = 1 });
        var target = Watched.Target(new NotifyRule { Url = _endpoint.Url });

        notifier.Change(target, "1");
        notifier.Change(target, "2");
        await _endpoint.NextAsync();
        var stop = notifier.StopAsync(TimeSpan.FromSeconds(1), Ct);
        var grace = await _clock.NextTimerAsync();
        _clock.Advance(grace);
        var counts = await stop.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(TimeSpan.FromSeconds(1), grace);
        Assert.Equal(new NotifyCounts(0, 0, 0, 2), counts);
        Assert.Empty(_failures);
        Assert.Single(_endpoint.All);
    }

    private Notifier Start(Fetcher fetcher, NotifierOptions options) =>
        new(fetcher, _clock, FetchLimits.Default, _ => null, _failures.Enqueue, options);
}
